/// ISA-18.2 alarm states.
public enum AlarmState: String, Sendable, Codable {
    case normal
    case unacknowledged = "unack"
    case acknowledged = "ack"
    case returnedUnacknowledged = "rtn-unack"
    case shelved
}

/// One alarm's life: its condition (with on/off-delay timers), acknowledgement, shelving and
/// history, as ISA-18.2's state diagram has it.
public struct Alarm: Sendable {
    public let rule: AlarmRule
    public private(set) var active = false
    public private(set) var acknowledged = true
    public private(set) var shelvedUntil: Double?
    public private(set) var lastChange: Double = .nan
    private(set) var lastValue: Double = .nan
    /// When it last went active: the time an alarm list shows (acknowledging or shelving it moves
    /// `lastChange`, not this).
    public private(set) var activatedAt: Double = .nan
    /// The watched value when the alarm last activated: what its message reports once it has returned.
    private(set) var activationValue: Double = .nan
    /// Recent activation times, for chattering detection.
    private(set) var recentActivations: [Double] = []
    private var conditionSince: Double?
    private var clearSince: Double?

    public init(rule: AlarmRule) { self.rule = rule }

    /// Inactive, with no on-delay running and not shelved: a value that does not trip changes nothing.
    var idle: Bool { !active && conditionSince == nil && clearSince == nil && shelvedUntil == nil }

    public var state: AlarmState {
        if shelvedUntil != nil { return .shelved }
        switch (active, acknowledged) {
        case (true, false): return .unacknowledged
        case (true, true): return .acknowledged
        case (false, false): return .returnedUnacknowledged
        case (false, true): return .normal
        }
    }

    /// Three or more activations within a minute: the alarm chatters (ISA TR18.2.5).
    public var chattering: Bool {
        guard recentActivations.count >= 3 else { return false }
        return recentActivations[recentActivations.count - 1] - recentActivations[recentActivations.count - 3] <= 60
    }

    public enum Transition: String, Sendable, Codable {
        case activate, clear, acknowledge, shelve, unshelve
    }

    /// Feeds the watched value (nil = no value: the condition is neither true nor false) at `now`;
    /// returns the transition it causes, if any.
    public mutating func evaluate(_ value: Double?, now: Double) -> Transition? {
        if let until = shelvedUntil, now >= until {
            shelvedUntil = nil
            lastChange = now
            return .unshelve
        }
        guard let v = value else { return nil }
        lastValue = v
        let tripped = AlarmRule.trips(rule.kind, limit: rule.limit, v)
        let cleared: Bool
        switch rule.kind {
        case .high: cleared = v <= rule.limit - rule.deadband
        case .rateOfChange, .balance: cleared = abs(v) <= rule.limit - rule.deadband
        case .low: cleared = v >= rule.limit + rule.deadband
        case .stale, .badQuality, .external, .flatline: cleared = v <= rule.limit
        }
        if !active {
            clearSince = nil
            guard tripped else { conditionSince = nil; return nil }
            let since = conditionSince ?? now
            conditionSince = since
            guard now - since >= rule.onDelay else { return nil }
            active = true
            acknowledged = false
            activatedAt = now
            activationValue = v
            lastChange = now
            recentActivations.append(now)
            if recentActivations.count > 10 { recentActivations.removeFirst() }
            conditionSince = nil
            return shelvedUntil == nil ? .activate : nil
        } else {
            conditionSince = nil
            guard cleared else { clearSince = nil; return nil }
            let since = clearSince ?? now
            clearSince = since
            guard now - since >= rule.offDelay else { return nil }
            active = false
            lastChange = now
            clearSince = nil
            return shelvedUntil == nil ? .clear : nil
        }
    }

    /// Operator acknowledgement: unack → ack, rtn-unack → normal. No effect otherwise.
    public mutating func acknowledge(now: Double) -> Bool {
        guard !acknowledged else { return false }
        acknowledged = true
        lastChange = now
        return true
    }

    /// Shelves the alarm until `until`: it is hidden and cannot annunciate until then.
    public mutating func shelve(until: Double, now: Double) {
        shelvedUntil = until
        acknowledged = true
        lastChange = now
    }

    /// Restores state from a journal (acknowledgement and shelving survive a restart).
    public mutating func restore(active: Bool, acknowledged: Bool, shelvedUntil: Double?, at time: Double) {
        self.active = active
        self.acknowledged = acknowledged
        self.shelvedUntil = shelvedUntil
        lastChange = time
        if active { activatedAt = time }
    }
}
