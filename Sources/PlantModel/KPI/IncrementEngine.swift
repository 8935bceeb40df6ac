/// A change to one KPI slot, covering the interval (since, time of its row].
public struct Increment: Sendable, Equatable {
    public var slot: Int
    public var delta: Double
    public var since: Double
    public init(_ slot: Int, _ delta: Double, since: Double) {
        self.slot = slot
        self.delta = delta
        self.since = since
    }
}

/// Turns readings, in time order, into increments of the KPI slots: the one place that knows
/// how a totaliser's advance, a rate's integral, a process value's time integral and a weighted
/// term are computed, and that notices rollovers, resets and gaps.
///
/// Each reading's increment covers the interval since the tag's previous reading, so it belongs
/// to the period that interval ends in (a row stamped 00:00 closes the previous day).
public struct IncrementEngine: Sendable {
    public let slots: KPISlots
    private var integrators: [TagIntegrator]
    /// Last good value and its time, per tag (for weighted terms and staleness).
    public private(set) var lastValue: [Double]
    public private(set) var lastTime: [Double]
    private let maxGap: [Double]
    public private(set) var rollovers: [Int]
    public private(set) var resets: [Int]
    /// Sparse increments of the current reading or row.
    public private(set) var pending: [Increment] = []
    private var byDelta: [Double]
    private var bySince: [Double]
    private var byTouched: [Int] = []
    /// Tags no KPI reads: only their last value is kept (for staleness and the meter table).
    private let used: [Bool]
    private let isQuantity: [Bool]
    private let isWeight: [Bool]

    public init(slots: KPISlots) {
        self.slots = slots
        let tags = slots.registry.tags
        integrators = tags.map { TagIntegrator(spec: $0) }
        lastValue = Array(repeating: .nan, count: tags.count)
        lastTime = Array(repeating: .nan, count: tags.count)
        maxGap = tags.map { $0.interval * 5 }
        rollovers = Array(repeating: 0, count: tags.count)
        resets = Array(repeating: 0, count: tags.count)
        byDelta = Array(repeating: 0, count: tags.count)
        bySince = Array(repeating: 0, count: tags.count)
        pending.reserveCapacity(4 * tags.count)
        var used = Array(repeating: false, count: tags.count)
        for list in slots.kpiTags { for t in list { used[t] = true } }
        for p in slots.weightedPairs { used[p.tag] = true; used[p.by] = true }
        self.used = used
        isQuantity = tags.map { $0.kind == .totaliser || $0.kind == .rate }
        isWeight = (0..<tags.count).map { !slots.pairsByWeight[$0].isEmpty }
    }

    /// Starts a row: the readings passed to `reading` until `finishRow` form one instant.
    @inline(__always) public mutating func beginRow() {
        pending.removeAll(keepingCapacity: true)
    }

    /// Feeds one good reading; returns the totaliser event it caused, if any.
    @discardableResult
    public mutating func reading(tag i: Int, time: Double, value: Double) -> TagIntegrator.Event? {
        lastValue[i] = value
        lastTime[i] = time
        guard used[i] else { return nil }
        let since = integrators[i].lastTime
        let r = integrators[i].add(time: time, value: value)
        if let e = r.event {
            if e == .rollover { rollovers[i] += 1 } else { resets[i] += 1 }
        }
        guard r.delta != 0 || r.seconds != 0 else { return r.event }
        if isQuantity[i] {
            pending.append(Increment(i, r.delta, since: since))
            if isWeight[i] && r.delta != 0 {
                if byDelta[i] == 0 { byTouched.append(i); bySince[i] = since }
                byDelta[i] += r.delta
            }
        } else {
            pending.append(Increment(slots.tagCount + i, r.delta, since: since))
        }
        if r.seconds > 0 { pending.append(Increment(2 * slots.tagCount + i, r.seconds / 3600, since: time - r.seconds)) }
        return r.event
    }

    /// Ends a row: adds the weighted terms, using each weighted tag's latest value within its
    /// gap limit (the same row's in a wide log).
    public mutating func finishRow(time: Double) {
        guard !byTouched.isEmpty else { return }
        for by in byTouched {
            for p in slots.pairsByWeight[by] {
                let tag = slots.weightedPairs[p].tag
                let v = lastValue[tag]
                if !v.isNaN && time - lastTime[tag] <= maxGap[tag] {
                    pending.append(Increment(slots.weighted(p), v * byDelta[by], since: bySince[by]))
                }
            }
            byDelta[by] = 0
        }
        byTouched.removeAll(keepingCapacity: true)
    }

    /// Tags with no reading for more than `intervals` × their expected interval before `now`
    /// (or none at all): their values on screen are stale, and KPIs that read them suspect.
    public func staleTags(now: Double, intervals: Double = 3) -> [Int] {
        let tags = slots.registry.tags
        return tags.indices.filter { i in lastTime[i].isNaN || now - lastTime[i] > intervals * tags[i].interval }
    }

    /// Forgets a tag's previous sample (after a reset the caller decides to restart from).
    public mutating func restart(tag i: Int) { integrators[i].restart() }
}
