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
    private var state: EngineState
    private let kinds: [TagKind]
    private let registerLimit: [Double]
    private let maxGap: [Double]
    private let interval: [Double]
    private(set) var rollovers: [Int]
    private(set) var resets: [Int]
    /// Tags no KPI reads: only their last value is kept (for staleness and the meter table).
    private let used: [Bool]
    private let isQuantity: [Bool]
    private let isWeight: [Bool]
    private var byTouched: [Int] = []
    /// Per tag, its scheduled pairs (index into `slots.scheduledPairs`); and each schedule's cursor.
    private let scheduledByTag: [[Int]]
    private let hasSchedule: [Bool]
    private var pairCursors: [ScheduleCursor]
    private var clockCursors: [ScheduleCursor]
    /// The previous row's time, where clock terms start their interval.
    private var lastRow = Double.nan
    /// Exception-reported tags some KPI reads: each row brings their held values up to its
    /// instant (see `bringHeld`). Empty for regularly sampled logs.
    private let held: [Int]
    /// The rollovers and resets of the last `row`.
    private(set) var rowEvents: [(tag: Int, event: TagIntegrator.Event)] = []

    public init(slots: KPISlots) {
        self.slots = slots
        let tags = slots.registry.tags
        state = EngineState(tags: tags.count, capacity: 2 * tags.count + slots.weightedPairs.count + 8)
        kinds = tags.map(\.kind)
        registerLimit = tags.map { $0.registerLimit ?? .infinity }
        maxGap = slots.timing.maxAge
        interval = slots.timing.interval
        rollovers = Array(repeating: 0, count: tags.count)
        resets = Array(repeating: 0, count: tags.count)
        var used = Array(repeating: false, count: tags.count)
        for list in slots.kpiTags { for t in list { used[t] = true } }
        for p in slots.weightedPairs { used[p.tag] = true; used[p.by] = true }
        for p in slots.scheduledPairs { used[p.tag] = true }
        scheduledByTag = (0..<tags.count).map { t in slots.scheduledPairs.indices.filter { slots.scheduledPairs[$0].tag == t } }
        hasSchedule = scheduledByTag.map { !$0.isEmpty }
        pairCursors = slots.scheduledPairs.map { ScheduleCursor($0.schedule) }
        clockCursors = slots.clocks.map { ScheduleCursor($0) }
        self.used = used
        isQuantity = tags.map { $0.kind == .totaliser || $0.kind == .rate }
        isWeight = (0..<tags.count).map { !slots.pairsByWeight[$0].isEmpty }
        held = tags.indices.filter { used[$0] && slots.timing.exceptionReported[$0] }
    }

    /// Sparse increments of the current reading or row; valid until the engine next changes.
    public var pending: UnsafeBufferPointer<Increment> { UnsafeBufferPointer(start: state.pending, count: state.pendingCount) }
    /// The earliest start of the pending increments' intervals (infinity when there are none).
    var pendingEarliest: Double { state.earliest }
    /// Last good value and its time, per tag (for weighted terms and staleness).
    var lastValue: [Double] { Array(UnsafeBufferPointer(start: state.lastValue, count: state.tags)) }
    public var lastTime: [Double] { Array(UnsafeBufferPointer(start: state.lastTime, count: state.tags)) }
    func lastValue(of tag: Int) -> Double { precondition(tag < state.tags); return state.lastValue[tag] }
    public func lastTime(of tag: Int) -> Double { precondition(tag < state.tags); return state.lastTime[tag] }

    private mutating func own() {
        if !isKnownUniquelyReferenced(&state) { state = state.copy() }
    }

    /// Starts a row: the readings passed to `reading` until `finishRow` form one instant.
    mutating func beginRow() {
        own()
        state.pendingCount = 0
        state.earliest = .infinity
    }

    /// Feeds one good reading; returns the totaliser event it caused, if any.
    @discardableResult
    public mutating func reading(tag i: Int, time: Double, value: Double) -> TagIntegrator.Event? {
        precondition(i >= 0 && i < state.tags)
        own()
        state.reserve(2 + scheduledByTag[i].count)
        return take(i, time, value, state)
    }

    /// One reading into `s` (owned, with room for two more increments).
    @inline(__always)
    private mutating func take(_ i: Int, _ time: Double, _ value: Double, _ s: EngineState) -> TagIntegrator.Event? {
        s.lastValue[i] = value
        s.lastTime[i] = time
        guard used[i] else { return nil }
        let since = s.intTime[i]
        let r = TagIntegrator.step(kind: kinds[i], registerLimit: registerLimit[i], maxGap: maxGap[i], interval: interval[i],
                                   lastTime: since, lastValue: s.intValue[i], time: time, value: value)
        s.intTime[i] = time
        s.intValue[i] = value
        if let e = r.event {
            if e == .rollover { rollovers[i] += 1 } else { resets[i] += 1 }
        }
        guard r.delta != 0 || r.seconds != 0 else { return r.event }
        book(i, delta: r.delta, seconds: r.seconds, since: since, time: time, s)
        return r.event
    }

    /// Pushes a tag's increment over (since, time] and its covered seconds.
    @inline(__always)
    private mutating func book(_ i: Int, delta: Double, seconds: Double, since: Double, time: Double, _ s: EngineState) {
        let n = slots.tagCount
        if isQuantity[i] {
            s.push(Increment(i, delta, since: since))
            if hasSchedule[i] && delta != 0 && time > since {
                for p in scheduledByTag[i] {
                    s.push(Increment(slots.scheduled(p), delta * pairCursors[p].mean(from: since, to: time), since: since))
                }
            }
            if isWeight[i] && delta != 0 {
                if s.byDelta[i] == 0 { byTouched.append(i); s.bySince[i] = since }
                s.byDelta[i] += delta
            }
        } else {
            s.push(Increment(n + i, delta, since: since))
        }
        if seconds > 0 { s.push(Increment(2 * n + i, seconds / 3600, since: time - seconds)) }
    }

    /// Brings the held values of exception-reported tags up to `t`: a historian stores a value
    /// only when it moves, so until a newer reading (or the maximum age) the last one stands, and
    /// it counts now rather than when the next reading comes, so that its coverage keeps pace
    /// with the tags read at every row (matched ratios) and the log's end is covered. A totaliser's
    /// register held means it advanced less than the deadband: covered, with the advance booked
    /// when the next reading shows it.
    private mutating func bringHeld(to t: Double, _ s: EngineState) {
        s.reserve(3 * held.count + slots.scheduledPairs.count)
        for i in held {
            let since = s.intTime[i]
            guard since < t, t - s.lastTime[i] <= maxGap[i] else { continue }
            let seconds = t - since
            book(i, delta: kinds[i] == .totaliser ? 0 : s.intValue[i] * seconds / 3600, seconds: seconds, since: since, time: t, s)
            s.intTime[i] = t
        }
    }

    /// Ends a row: adds the weighted terms, using each weighted tag's latest value within its
    /// gap limit (the same row's in a wide log).
    mutating func finishRow(time: Double) {
        guard !byTouched.isEmpty else { return }
        own()
        finishRow(time: time, state)
    }

    /// `finishRow` on storage already claimed (`row` holds it: claiming it again there would
    /// find a second reference, its own, and copy the whole state every row).
    private mutating func finishRow(time: Double, _ s: EngineState) {
        guard !byTouched.isEmpty else { return }
        s.reserve(slots.weightedPairs.count * byTouched.count)
        for by in byTouched {
            for p in slots.pairsByWeight[by] {
                let tag = slots.weightedPairs[p].tag
                let v = s.lastValue[tag]
                if !v.isNaN && time - s.lastTime[tag] <= maxGap[tag] {
                    s.push(Increment(slots.weighted(p), v * s.byDelta[by], since: s.bySince[by]))
                }
            }
            s.byDelta[by] = 0
        }
        byTouched.removeAll(keepingCapacity: true)
    }

    /// A whole row at once (NaN values are skipped): `beginRow`, `reading` for each reading and
    /// `finishRow`, claiming the engine's storage once rather than at every reading. Its
    /// rollovers and resets are left in `rowEvents`.
    public mutating func row(_ row: ReadingRow) {
        let t = row.time, tags = row.tags, values = row.values
        beginRow()
        if !rowEvents.isEmpty { rowEvents.removeAll() }
        let s = state
        s.reserve(2 * tags.count + slots.scheduledPairs.count + clockCursors.count)
        for k in 0..<tags.count where !values[k].isNaN {
            let i = Int(tags[k])
            precondition(i >= 0 && i < s.tags)
            if let e = take(i, t, values[k], s) { rowEvents.append((i, e)) }
        }
        if !held.isEmpty { bringHeld(to: t, s) }
        if !clockCursors.isEmpty { clockRow(t, s) }
        finishRow(time: t, s)
    }

    /// Clock terms advance with the stream's rows, not with any meter: the interval since the
    /// previous row, however long, gets the schedule's integral (in value·hours).
    private mutating func clockRow(_ t: Double, _ s: EngineState) {
        defer { lastRow = t }
        guard !lastRow.isNaN, t > lastRow else { return }
        for c in clockCursors.indices {
            let v = clockCursors[c].mean(from: lastRow, to: t) * (t - lastRow) / 3600
            if v != 0 { s.push(Increment(slots.clock(c), v, since: lastRow)) }
        }
    }

    /// Tags with no reading for longer than their silence limit before `now` (or none at all):
    /// three intervals, or an exception-reported tag's maximum age (`TagTiming.silentAfter`).
    /// Their values on screen are stale, and KPIs that read them suspect.
    func staleTags(now: Double) -> [Int] {
        let timing = slots.timing
        return (0..<state.tags).filter { i in state.lastTime[i].isNaN || now - state.lastTime[i] > timing.silentAfter(i) }
    }

    /// Forgets a tag's previous sample (after a reset the caller decides to restart from).
    public mutating func restart(tag i: Int) {
        precondition(i >= 0 && i < state.tags)
        own()
        state.intTime[i] = .nan
        state.intValue[i] = .nan
    }
}

/// The engine's per-tag state and pending increments in raw buffers. Hand-managed because this
/// is the innermost loop of every log read: Swift arrays held in a struct check their uniqueness
/// on every element write, and a row makes dozens of them; here the engine checks once per call
/// (copy on write, so IncrementEngine keeps value semantics).
final class EngineState: @unchecked Sendable {
    let tags: Int
    /// Six per-tag columns in one allocation.
    private let base: UnsafeMutablePointer<Double>
    let intTime: UnsafeMutablePointer<Double>
    let intValue: UnsafeMutablePointer<Double>
    let lastValue: UnsafeMutablePointer<Double>
    let lastTime: UnsafeMutablePointer<Double>
    let byDelta: UnsafeMutablePointer<Double>
    let bySince: UnsafeMutablePointer<Double>
    private(set) var pending: UnsafeMutablePointer<Increment>
    private var capacity: Int
    var pendingCount = 0
    var earliest = Double.infinity

    init(tags: Int, capacity: Int) {
        self.tags = tags
        base = .allocate(capacity: max(1, 6 * tags))
        intTime = base
        intValue = base + tags
        lastValue = base + 2 * tags
        lastTime = base + 3 * tags
        byDelta = base + 4 * tags
        bySince = base + 5 * tags
        base.initialize(repeating: .nan, count: 4 * tags)
        byDelta.initialize(repeating: 0, count: 2 * tags)
        self.capacity = max(8, capacity)
        pending = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
        pending.deallocate()
    }

    func copy() -> EngineState {
        let c = EngineState(tags: tags, capacity: capacity)
        c.base.update(from: base, count: 6 * tags)
        c.pending.initialize(from: pending, count: pendingCount)
        c.pendingCount = pendingCount
        c.earliest = earliest
        return c
    }

    /// Room for `n` more pending increments.
    @inline(__always) func reserve(_ n: Int) {
        guard pendingCount + n > capacity else { return }
        let bigger = UnsafeMutablePointer<Increment>.allocate(capacity: 2 * (pendingCount + n))
        bigger.initialize(from: pending, count: pendingCount)
        pending.deallocate()
        pending = bigger
        capacity = 2 * (pendingCount + n)
    }

    /// Appends within reserved room.
    @inline(__always) func push(_ inc: Increment) {
        precondition(pendingCount < capacity)
        pending[pendingCount] = inc
        pendingCount += 1
        if inc.since < earliest && inc.since.isFinite { earliest = inc.since }
    }
}
