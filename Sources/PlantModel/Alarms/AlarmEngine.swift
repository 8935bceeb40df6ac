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
    private let windowOf: [Int?]
    /// Per rule: the KPI index or the tag index it watches.
    private let kpiIndex: [Int?]
    private let tagIndex: [Int?]
    private var lastValue: [Double]
    private var lastTime: [Double]
    private var badUntil: [Double]
    /// When each tag's value last changed (for flatline rules).
    private var changedAt: [Double]
    /// Per rule and per tag, what evaluation reads every row, copied out of the rule and tag specs
    /// so that the hot loop touches plain numbers (no String-holding structs, no reference counting).
    private let kinds: [AlarmRule.Kind]
    private let ruleWindow: [Double]
    private let silentAfter: [Double]
    private var history: [[(Double, Double)]]
    public private(set) var activations: [Double] = []
    /// Messages set by external raisers (drift detection), per rule.
    private var externalMessage: [String?]
    public static let floodCount = 10
    public static let floodWindow = 600.0

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
            if r.kind == .external { ki.append(nil); ti.append(nil); wi.append(nil); continue }
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
        windows = lengths.map { RollingWindow(slots: slots, length: $0, bucketCount: 12) }
        windowOf = wi
        kpiIndex = ki
        tagIndex = ti
        alarms = rules.map(Alarm.init)
        lastValue = Array(repeating: .nan, count: plant.tags.count)
        lastTime = Array(repeating: .nan, count: plant.tags.count)
        badUntil = Array(repeating: -.infinity, count: plant.tags.count)
        changedAt = Array(repeating: .nan, count: plant.tags.count)
        kinds = rules.map(\.kind)
        ruleWindow = rules.map(\.window)
        silentAfter = plant.tags.tags.map { 3 * $0.interval }
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
        guard let tr = alarms[i].evaluate(active ? 1 : 0, now: now) else { return nil }
        if tr == .activate { activations.append(now) }
        return event(i, tr, now: now)
    }

    /// Tags the rules read directly (a report must deliver them too).
    public var watchedTags: Set<Int> { Set(tagIndex.compactMap { $0 }) }

    /// Takes in one row: its readings and the KPI increments the row produced.
    public mutating func observe(time t: Double, tags: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>, increments: [Increment]) {
        for k in 0..<tags.count {
            // A NaN is a reading the source flagged bad (or that failed validation).
            if values[k].isNaN { noteBadQuality(tag: Int(tags[k]), time: t); continue }
            let i = Int(tags[k])
            if lastValue[i] != values[k] || changedAt[i].isNaN { changedAt[i] = t }
            lastValue[Int(tags[k])] = values[k]
            lastTime[Int(tags[k])] = t
        }
        for w in windows.indices { windows[w].add(time: t, increments) }
    }

    /// A reading of `tag` the source flagged bad (or that was rejected) at `time`.
    public mutating func noteBadQuality(tag: Int, time: Double) {
        badUntil[tag] = time + 3 * plant.tags.tags[tag].interval
    }

    /// Evaluates every rule at `now`; returns the transitions, in rule order.
    public mutating func evaluate(now: Double) -> [AlarmEvent] {
        var events: [AlarmEvent] = []
        for w in windows.indices { windows[w].advance(to: now) }
        for i in alarms.indices where kinds[i] != .external {
            var value: Double?
            if let k = kpiIndex[i], let wi = windowOf[i] {
                // An uncertain KPI (window less than 90 % covered) neither raises nor clears.
                value = windows[wi].coverage(k) >= 0.9 ? windows[wi].value(k) : nil
            } else if let t = tagIndex[i] {
                switch kinds[i] {
                case .stale:
                    value = lastTime[t].isNaN ? nil : now - lastTime[t]
                case .badQuality:
                    value = badUntil[t] > now ? 1 : 0
                case .flatline:
                    // Only while readings keep arriving: a silent meter is the stale rule's business.
                    value = changedAt[t].isNaN || now - lastTime[t] > silentAfter[t] ? nil : now - changedAt[t]
                case .rateOfChange:
                    if !lastValue[t].isNaN {
                        history[i].append((lastTime[t], lastValue[t]))
                        while let f = history[i].first, f.0 < now - ruleWindow[i] { history[i].removeFirst() }
                        if let f = history[i].first, lastTime[t] - f.0 >= ruleWindow[i] / 2 {
                            value = (lastValue[t] - f.1) / (lastTime[t] - f.0) * 3600
                        }
                    }
                default:
                    value = lastValue[t].isNaN || now - lastTime[t] > silentAfter[t] ? nil : lastValue[t]
                }
            }
            if let tr = alarms[i].evaluate(value, now: now) {
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
        if let k = kpiIndex[i] { return slots.kpis[k].unit }
        if let t = tagIndex[i] {
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
        let x = a.active || a.activationValue.isNaN ? a.lastValue : a.activationValue
        func text(_ v: Double) -> String {
            if v.isNaN { return "—" }
            if a.rule.kind == .stale || a.rule.kind == .flatline { return AlarmEngine.duration(v) }
            let u = unit(i).symbol
            return NumberFormat.string(v, decimals: abs(v) < 10 ? 2 : 1) + (u.isEmpty ? "" : " " + u)
        }
        return a.rule.message.replacing("{value}", with: text(x)).replacing("{limit}", with: text(a.rule.limit))
    }

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
                          value: a.lastValue.isNaN ? nil : a.lastValue, message: message(i),
                          operatorName: operatorName, shelvedUntil: a.shelvedUntil)
    }

    public func index(of id: String) -> Int? { alarms.firstIndex { $0.rule.id == id } }

    /// Acknowledges one alarm; nil when it needed none.
    public mutating func acknowledge(_ id: String, now: Double, by who: String) -> AlarmEvent? {
        guard let i = index(of: id), alarms[i].acknowledge(now: now) else { return nil }
        return event(i, .acknowledge, now: now, operatorName: who)
    }

    public mutating func shelve(_ id: String, for seconds: Double, now: Double, by who: String) -> AlarmEvent? {
        guard let i = index(of: id) else { return nil }
        alarms[i].shelve(until: now + seconds, now: now)
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
            alarms[i].restore(active: active[id] ?? alarms[i].active, acknowledged: acked[id] ?? alarms[i].acknowledged,
                              shelvedUntil: shelved[id] ?? nil, at: e.time)
        }
    }

    /// Active, unacknowledged-or-returned, unshelved alarms by priority.
    public func counts() -> [AlarmPriority: Int] {
        var c: [AlarmPriority: Int] = [:]
        for a in alarms where a.state != .normal && a.state != .shelved { c[a.rule.priority, default: 0] += 1 }
        return c
    }
}
