/// A plant's alarms: evaluates every rule against the plant's KPIs (on rolling windows) and tags
/// (latest values, ages, rates of change), applies operator actions, and tells when the alarm
/// rate floods (> 10 activations in 10 minutes, ISA-18.2 / EEMUA 191).
public struct AlarmEngine: Sendable {
    public let plant: PlantDefinition
    public private(set) var alarms: [Alarm]
    private let slots: KPISlots
    /// One rolling window per distinct window length the rules use (an array, not a dictionary:
    /// a struct inside a dictionary is copied on every mutation through `dict[key]!`).
    private var windows: [RollingWindow] = []
    /// Per rule: its window, and the KPI or tag it watches (-1: none).
    private let windowOf: [Int]
    private let kpiIndex: [Int]
    private let tagIndex: [Int]
    /// Per rule: the last watched value there was (NaN: none yet), for events and messages,
    /// and whether the alarm is idle (inactive, no condition timing, not shelved): an idle alarm
    /// whose value does not trip needs no evaluation at all, which is most rules at most rows.
    private var latest: [Double]
    private var dueScratch: [(rule: Int, value: Double)] = []
    /// Per rule: an instant before which an idle stale or flatline rule in the normal state cannot
    /// trip (its tag's last reading, or last change, plus its limit: both only move later while it
    /// stays idle), so evaluation skips it until then. −∞: evaluate at every row.
    private var quietUntil: [Double]
    private var idle: [Bool]
    /// Tags some rule reads directly.
    private let watched: [Bool]
    /// Per tag: the latest good reading, when it came and when the value last changed (flatline).
    private struct TagTrack {
        var value = Double.nan
        var time = Double.nan
        var changedAt = Double.nan
        /// Readings since the value last changed (the changing one included).
        var run = 0
    }
    private var track: [TagTrack]
    private var badUntil: [Double]
    /// Per rule and per tag, what evaluation reads every row, copied out of the rule and tag specs
    /// so that the hot loop touches plain numbers (no String-holding structs, no reference counting).
    private let kinds: [AlarmRule.Kind]
    private let ruleWindow: [Double]
    private let limits: [Double]
    /// Per rule: a high or low limit on a tag's latest value.
    private let levelRule: [Bool]
    private let silentAfter: [Double]
    private let badFor: [Double]
    /// Per tag: identical readings in a row a flatline rule needs besides its time (see `flatlineReadings`).
    private let flatlineRun: [Int]
    private var history: [[(Double, Double)]]
    private(set) var activations: [Double] = []
    /// Balance rules' windows, and per rule its window (-1: not a balance rule).
    private var balances: [BalanceWindow] = []
    private let balanceOf: [Int]
    /// Per rule: the tag whose equipment arms it (-1: always armed), and whether it is armed.
    private let armTag: [Int]
    private var armed: [Bool]
    /// Messages set by external raisers (drift detection), per rule.
    private var externalMessage: [String?]
    /// A live source's start and what it is ("following boiler.csv", "modbus 10.1.2.3:502"): a
    /// tag with no good reading since then is as stale as one that went quiet then, so a source
    /// that never delivers raises its stale alarms too. NaN (replays, reports): no such start.
    private(set) var silentSince = Double.nan
    private(set) var sourceName = ""
    static let floodCount = 10
    static let floodWindow = 600.0

    public struct RuleError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(plant: PlantDefinition, rules: [AlarmRule], slots: KPISlots) throws {
        self.plant = plant
        self.slots = slots
        var ki: [Int?] = [], ti: [Int?] = [], wi: [Int?] = []
        var lengths: [Double] = []
        for r in rules {
            // Externally raised alarms (drift) may watch derived quantities that are neither.
            if r.kind == .external || r.kind == .balance { ki.append(nil); ti.append(nil); wi.append(nil); continue }
            let k = slots.kpis.firstIndex { $0.id == r.target }
            let t = plant.tags.index(of: r.target)
            guard k != nil || t != nil else {
                throw RuleError(description: "alarm \(r.id): '\(r.target)' is neither a KPI nor a tag of plant \(plant.id)")
            }
            if (r.kind == .stale || r.kind == .badQuality || r.kind == .rateOfChange || r.kind == .flatline) && t == nil {
                throw RuleError(description: "alarm \(r.id): a \(r.kind.rawValue) alarm needs a tag, and '\(r.target)' is a KPI")
            }
            ki.append(t == nil ? k : nil)
            ti.append(t)
            if t == nil {
                if !lengths.contains(r.window) { lengths.append(r.window) }
                wi.append(lengths.firstIndex(of: r.window))
            } else {
                wi.append(nil)
            }
        }
        // Each window keeps only the slots of the KPIs its rules watch.
        windows = lengths.indices.map { w in
            let watched = Set(ki.indices.compactMap { wi[$0] == w ? ki[$0] : nil })
            return RollingWindow(slots: slots, length: lengths[w], bucketCount: 12, kpis: watched.sorted())
        }
        windowOf = wi.map { $0 ?? -1 }
        kpiIndex = ki.map { $0 ?? -1 }
        tagIndex = ti.map { $0 ?? -1 }
        latest = Array(repeating: .nan, count: rules.count)
        quietUntil = Array(repeating: -.infinity, count: rules.count)
        idle = Array(repeating: true, count: rules.count)
        var w = Array(repeating: false, count: plant.tags.count)
        for t in ti { if let t { w[t] = true } }
        var bo = Array(repeating: -1, count: rules.count), at = Array(repeating: -1, count: rules.count)
        for (i, r) in rules.enumerated() {
            if r.kind == .balance {
                guard let b = Balance(rawValue: r.target) else {
                    throw RuleError(description: "alarm \(r.id): '\(r.target)' is not a balance (known: \(Balance.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                let ids = r.bindings ?? b.tags
                let idx = ids.map { plant.tags.index(of: $0) }
                guard !idx.contains(nil) else {
                    throw RuleError(description: "alarm \(r.id): balance \(r.target) needs tags plant \(plant.id) lacks: \(zip(ids, idx).filter { $0.1 == nil }.map(\.0).joined(separator: ", "))")
                }
                for t in idx { w[t!] = true }
                bo[i] = balances.count
                balances.append(BalanceWindow(balance: b, length: r.window, tags: idx.map { $0! },
                                              tolerance: Balance.tolerance(b, plant: plant, tags: ids),
                                              lhv: plant.factors.gasLHV))
            }
            if let a = r.armedBy {
                guard let t = plant.tags.index(of: a) else { throw RuleError(description: "alarm \(r.id): armed_by '\(a)' is not a tag of plant \(plant.id)") }
                at[i] = t
                w[t] = true
            }
        }
        balanceOf = bo
        armTag = at
        armed = at.map { $0 < 0 }
        watched = w
        track = Array(repeating: TagTrack(), count: plant.tags.count)
        badUntil = Array(repeating: -.infinity, count: plant.tags.count)
        kinds = rules.map(\.kind)
        levelRule = rules.indices.map { ti[$0] != nil && [.high, .low].contains(rules[$0].kind) }
        ruleWindow = rules.map(\.window)
        let timing = slots.timing
        silentAfter = plant.tags.tags.indices.map { timing.silentAfter($0) }
        badFor = timing.interval.map { 3 * $0 }
        // A stale rule's limit, written for the site's interval, scales with the log's (a 15-minute
        // log is not stale between its rows), and is at least an exception-reported tag's maximum age.
        let limits = rules.indices.map { i -> Double in
            guard rules[i].kind == .stale, let t = ti[i] else { return rules[i].limit }
            let scaled = rules[i].limit * max(1, timing.interval[t] / plant.tags.tags[t].interval)
            return timing.exceptionReported[t] ? max(scaled, timing.maxAge[t]) : scaled
        }
        self.limits = limits
        var run = Array(repeating: 1, count: plant.tags.count)
        for (i, r) in rules.enumerated() where r.kind == .flatline {
            if let t = ti[i] { run[t] = max(run[t], AlarmEngine.flatlineReadings(limit: r.limit, interval: timing.interval[t])) }
        }
        flatlineRun = run
        alarms = rules.indices.map { i in
            var r = rules[i]
            r.limit = limits[i]
            return Alarm(rule: r)
        }
        history = Array(repeating: [], count: rules.count)
        externalMessage = Array(repeating: nil, count: rules.count)
    }

    /// Turns drift changes into alarm transitions.
    public mutating func apply(_ changes: [(spec: DriftSpec, change: DriftDetector.Change, at: Double)]) -> [AlarmEvent] {
        changes.compactMap { d in
            switch d.change {
            case .raised(let m): return setExternal(d.spec.alarmID, active: true, message: m, now: d.at)
            case .cleared: return setExternal(d.spec.alarmID, active: false, message: nil, now: d.at)
            }
        }
    }

    /// Raises or clears an externally driven alarm (drift) at `now`, with its message.
    public mutating func setExternal(_ id: String, active: Bool, message: String?, now: Double) -> AlarmEvent? {
        guard let i = index(of: id), alarms[i].rule.kind == .external else { return nil }
        if let message { externalMessage[i] = message }
        latest[i] = active ? 1 : 0
        guard let tr = change(i, { $0.evaluate(active ? 1 : 0, now: now) }) else { return nil }
        if tr == .activate { activations.append(now) }
        return event(i, tr, now: now)
    }

    /// Watches a live source from `start`: its tags' stale rules count from then until a first reading.
    public mutating func watchSilence(since start: Double, source: String) {
        silentSince = start
        sourceName = source
    }

    /// When a resumed run's tags were last read (the previous run's rows): their staleness goes
    /// on from there, not from this run's start.
    public mutating func resumeLastReading(tag: Int, time: Double) {
        if track[tag].time.isNaN || track[tag].time < time { track[tag].time = time }
    }

    /// Tags the rules read directly (a report must deliver them too).
    var watchedTags: Set<Int> { Set(tagIndex.filter { $0 >= 0 }) }

    /// Takes in one row: its readings and the KPI increments the row produced.
    mutating func observe(_ row: ReadingRow, increments: UnsafeBufferPointer<Increment>) {
        let t = row.time, tags = row.tags, values = row.values
        var bad = false
        // One claim of the track's storage per row, not a uniqueness check per write.
        track.withUnsafeMutableBufferPointer { track in
            for k in 0..<tags.count {
                let i = Int(tags[k]), v = values[k]
                guard watched[i] else { continue }
                if v.isNaN { bad = true; continue }
                if track[i].value != v || track[i].changedAt.isNaN { track[i].changedAt = t; track[i].run = 0 }
                track[i].run += 1
                track[i].value = v
                track[i].time = t
            }
        }
        // A NaN is a reading the source flagged bad (or that failed validation).
        if bad {
            for k in 0..<tags.count where values[k].isNaN && watched[Int(tags[k])] { noteBadQuality(tag: Int(tags[k]), time: t) }
        }
        for w in windows.indices { windows[w].add(time: t, increments) }
        for i in armed.indices where !armed[i] {
            let v = track[armTag[i]].value
            if v > 0 && track[armTag[i]].time == t { armed[i] = true }
        }
        if !balances.isEmpty {
            let track = self.track, silent = silentAfter
            for b in balances.indices {
                balances[b].add(time: t) { k in t - track[k].time > silent[k] ? .nan : track[k].value }
            }
        }
    }

    /// A reading of `tag` the source flagged bad (or that was rejected) at `time`.
    mutating func noteBadQuality(tag: Int, time: Double) {
        badUntil[tag] = time + badFor[tag]
    }

    /// The value rule `i` watches at `now` (NaN: none, so the condition is neither true nor false),
    /// for every kind but rate of change (`rateOfChange`, which keeps a history).
    @inline(__always)
    private func watchedValue(_ i: Int, now: Double, windows: UnsafeBufferPointer<RollingWindow>,
                              track: UnsafeBufferPointer<TagTrack>) -> Double {
        let k = kpiIndex[i]
        if k >= 0 {
            // An uncertain KPI (window less than 90 % covered) neither raises nor clears.
            return windows[windowOf[i]].value(k, ifCovered: 0.9)
        }
        let t = tagIndex[i]
        switch kinds[i] {
        case .stale:
            return track[t].time.isNaN ? now - silentSince : now - track[t].time
        case .badQuality:
            return badUntil[t] > now ? 1 : 0
        case .balance:
            return balances[balanceOf[i]].value(now: now)
        case .flatline:
            // Only while readings keep arriving: a silent meter is the stale rule's business.
            if track[t].changedAt.isNaN || now - track[t].time > silentAfter[t] { return .nan }
            let still = now - track[t].changedAt
            // Too few identical readings to tell a stuck sensor from a slow one at its resolution:
            // held at the limit, which does not trip.
            return track[t].run >= flatlineRun[t] ? still : min(still, limits[i])
        default:
            return track[t].value.isNaN || now - track[t].time > silentAfter[t] ? .nan : track[t].value
        }
    }

    /// A rate-of-change rule's value: the change per hour over its window of the tag's readings.
    private mutating func rateOfChange(_ i: Int, now: Double) -> Double {
        let t = tagIndex[i]
        guard !track[t].value.isNaN else { return .nan }
        history[i].append((track[t].time, track[t].value))
        while let f = history[i].first, f.0 < now - ruleWindow[i] { history[i].removeFirst() }
        if let f = history[i].first, track[t].time - f.0 >= ruleWindow[i] / 2 {
            return (track[t].value - f.1) / (track[t].time - f.0) * 3600
        }
        return .nan
    }

    /// Changes alarm i, keeping its idle flag (which lets evaluation skip it) in step.
    private mutating func change<T>(_ i: Int, _ body: (inout Alarm) -> T) -> T {
        defer { idle[i] = alarms[i].idle; quietUntil[i] = -.infinity }
        return body(&alarms[i])
    }

    /// Evaluates every rule at `now`; returns the transitions, in rule order.
    ///
    /// This runs at every row of every log, so the pass over the rules reads the engine's tables
    /// through buffer pointers (no uniqueness check per write, no copy of a window to call it);
    /// only the rare rule that may change state goes on to `Alarm.evaluate`.
    public mutating func evaluate(now: Double) -> [AlarmEvent] {
        for w in windows.indices { windows[w].advance(to: now) }
        // Kept between calls (emptied, capacity kept): most rows have a rule in condition timing
        // or active, and a fresh array each row would be an allocation each row.
        var due = dueScratch
        dueScratch = []
        if !due.isEmpty { due.removeAll(keepingCapacity: true) }
        defer { dueScratch = due }
        let n = kinds.count
        // Moved out while the pass writes it, so that the pass may read the rest of self.
        var latestValues = latest
        latest = []
        var quiet = quietUntil
        quietUntil = []
        latestValues.withUnsafeMutableBufferPointer { latest in
          quiet.withUnsafeMutableBufferPointer { quiet in
            idle.withUnsafeBufferPointer { idle in
                windows.withUnsafeBufferPointer { windows in
                    track.withUnsafeBufferPointer { track in
                        for i in 0..<n where kinds[i] != .external && armed[i] {
                            if idle[i] {
                                // An idle rule on a tag's level whose tag brought nothing new at this instant
                                // still sees the value that did not trip it (or none): nothing to do.
                                if levelRule[i] && track[tagIndex[i]].time != now { continue }
                                if now <= quiet[i] { continue }
                            }
                            if kinds[i] == .rateOfChange { due.append((i, .nan)); continue }
                            let v = watchedValue(i, now: now, windows: windows, track: track)
                            if !v.isNaN { latest[i] = v }
                            // Exactly what Alarm.evaluate would do here: nothing.
                            if idle[i] && (v.isNaN || !AlarmRule.trips(kinds[i], limit: limits[i], v)) {
                                // Until when it cannot trip; only in the normal state, where its
                                // latest value (left as it is while skipped) is shown nowhere.
                                if alarms[i].state == .normal {
                                    let t = tagIndex[i]
                                    switch kinds[i] {
                                    case .stale: quiet[i] = (track[t].time.isNaN ? silentSince : track[t].time) + limits[i]
                                    case .flatline: quiet[i] = track[t].changedAt + limits[i]
                                    default: break
                                    }
                                }
                                continue
                            }
                            due.append((i, v))
                        }
                    }
                }
            }
          }
        }
        // Handed back, and the local references dropped, so that the writes below find them unique.
        quietUntil = quiet
        quiet = []
        latest = latestValues
        latestValues = []
        var events: [AlarmEvent] = []
        for (i, value) in due {
            var v = value
            if kinds[i] == .rateOfChange {
                v = rateOfChange(i, now: now)
                if !v.isNaN { latest[i] = v }
                if idle[i] && (v.isNaN || !AlarmRule.trips(kinds[i], limit: limits[i], v)) { continue }
            }
            if let tr = change(i, { $0.evaluate(v.isNaN ? nil : v, now: now) }) {
                if tr == .activate { activations.append(now) }
                events.append(event(i, tr, now: now))
            }
        }
        if let first = activations.first, first < now - AlarmEngine.floodWindow {
            activations.removeAll { $0 < now - AlarmEngine.floodWindow }
        }
        return events
    }

    /// More than ten activations in the last ten minutes.
    public var flooding: Bool { activations.count > AlarmEngine.floodCount }

    func unit(_ i: Int) -> Unit {
        if balanceOf[i] >= 0 { return balances[balanceOf[i]].balance.unit }
        if kpiIndex[i] >= 0 { return slots.kpis[kpiIndex[i]].unit }
        if tagIndex[i] >= 0 {
            let t = tagIndex[i]
            switch alarms[i].rule.kind {
            case .stale: return .units
            default: return plant.tags.tags[t].unit
            }
        }
        return .fraction
    }

    /// The rule's message with its value and limit filled in.
    public func message(_ i: Int) -> String {
        let a = alarms[i]
        if a.rule.kind == .external { return externalMessage[i] ?? a.rule.message }
        let never = a.rule.kind == .stale && track[tagIndex[i]].time.isNaN && !silentSince.isNaN
        func text(_ v: Double) -> String {
            if v.isNaN { return "—" }
            if a.rule.kind == .stale || a.rule.kind == .flatline { return AlarmEngine.duration(v) }
            let u = unit(i).symbol
            return NumberFormat.string(v, decimals: abs(v) < 10 ? 2 : 1) + (u.isEmpty ? "" : " " + u)
        }
        // The value that tripped the alarm, and the current one where it reads differently.
        var value = text(a.activationValue.isNaN ? latest[i] : a.activationValue)
        if !a.activationValue.isNaN && !latest[i].isNaN && text(latest[i]) != value { value += " (now \(text(latest[i])))" }
        let m = a.rule.message.replacing("{value}", with: value).replacing("{limit}", with: text(a.rule.limit))
        return never ? m + " — nothing since start from \(sourceName)" : m
    }

    /// Identical readings in a row a flatline rule on a tag sampled every `interval` seconds needs:
    /// its limit's worth of samples, and at least `flatlineMinimumReadings`. An hour at 60 s is 60
    /// readings, which a live value at its resolution never repeats; at 900 s it is 4, which a
    /// slowly moving one (wet-bulb at 0.1 K, overnight) repeats by chance.
    static func flatlineReadings(limit: Double, interval: Double) -> Int {
        max(flatlineMinimumReadings, Int((limit / interval).rounded(.up)))
    }
    static let flatlineMinimumReadings = 12

    /// "45 s", "12 min", "6.0 h".
    public static func duration(_ s: Double) -> String {
        if s < 120 { return "\(Int(s)) s" }
        if s < 7200 { return "\(Int(s / 60)) min" }
        return NumberFormat.string(s / 3600, decimals: 1) + " h"
    }

    func event(_ i: Int, _ tr: Alarm.Transition, now: Double, operatorName: String? = nil) -> AlarmEvent {
        let a = alarms[i]
        return AlarmEvent(time: now, iso: ISO8601.format(now, offset: plant.utcOffset), plant: plant.id, alarm: a.rule.id,
                          target: a.rule.target, event: tr, priority: a.rule.priority, state: a.state,
                          value: latest[i].isNaN ? nil : latest[i], message: message(i),
                          operatorName: operatorName, shelvedUntil: a.shelvedUntil)
    }

    public func index(of id: String) -> Int? { alarms.firstIndex { $0.rule.id == id } }

    /// Acknowledges one alarm; nil when it needed none.
    public mutating func acknowledge(_ id: String, now: Double, by who: String) -> AlarmEvent? {
        guard let i = index(of: id), change(i, { $0.acknowledge(now: now) }) else { return nil }
        return event(i, .acknowledge, now: now, operatorName: who)
    }

    public mutating func shelve(_ id: String, for seconds: Double, now: Double, by who: String) -> AlarmEvent? {
        guard let i = index(of: id) else { return nil }
        change(i) { $0.shelve(until: now + seconds, now: now) }
        return event(i, .shelve, now: now, operatorName: who)
    }

    /// Re-applies a journal so that acknowledgements, shelving and active states survive a restart.
    public mutating func restore(from events: [AlarmEvent]) {
        var last: [String: AlarmEvent] = [:]
        var acked: [String: Bool] = [:], active: [String: Bool] = [:], shelved: [String: Double?] = [:]
        for e in events where e.plant == plant.id {
            last[e.alarm] = e
            switch e.event {
            case .activate: active[e.alarm] = true; acked[e.alarm] = false
            case .clear: active[e.alarm] = false
            case .acknowledge: acked[e.alarm] = true
            case .shelve: shelved[e.alarm] = e.shelvedUntil; acked[e.alarm] = true
            case .unshelve: shelved[e.alarm] = .some(nil)
            }
        }
        for i in alarms.indices {
            let id = alarms[i].rule.id
            guard let e = last[id] else { continue }
            // What the journal does not say (no activation or return logged) is kept as it stands.
            change(i) { $0.restore(active: active[id] ?? $0.active, acknowledged: acked[id] ?? $0.acknowledged,
                                   shelvedUntil: shelved[id] ?? nil, at: e.time) }
        }
    }

    /// Active, unacknowledged-or-returned, unshelved alarms by priority.
    public func counts() -> [AlarmPriority: Int] {
        var c: [AlarmPriority: Int] = [:]
        for a in alarms where a.state != .normal && a.state != .shelved { c[a.rule.priority, default: 0] += 1 }
        return c
    }
}
