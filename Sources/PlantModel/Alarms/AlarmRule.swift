/// ISA-18.2 priorities, most urgent first.
public enum AlarmPriority: String, Sendable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low

    public static func < (a: AlarmPriority, b: AlarmPriority) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What an alarm watches and when it trips.
public struct AlarmRule: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Value above `limit` (returns below limit − deadband).
        case high
        /// Value below `limit` (returns above limit + deadband).
        case low
        /// |change per hour| above `limit`, over the last `window` seconds.
        case rateOfChange = "rate"
        /// No reading for `limit` seconds (default: 3 × the tag's interval).
        case stale
        /// The source flags the reading bad (or a rejected value).
        case badQuality = "bad-quality"
        /// Raised and cleared by an analysis outside the engine (drift detection).
        case external
        /// The value has not changed for `limit` seconds while readings keep coming: a stuck sensor.
        case flatline
        /// A physical balance (target: a `Balance` name) over the last `window` seconds lies more than
        /// `limit` outside the band physics allows: a meter or sensor reads wrong.
        case balance
    }

    public var id: String
    /// A KPI id (evaluated on the rolling window) or a tag id (latest value).
    public var target: String
    public var kind: Kind
    public var limit: Double
    var deadband: Double
    /// Seconds the condition must hold before the alarm activates / clears (ISA-18.2 on/off-delay).
    var onDelay: Double
    var offDelay: Double
    public var priority: AlarmPriority
    /// Free text for the operator; "{value}" and "{limit}" are filled in.
    public var message: String
    /// Rolling window for KPI targets, seconds.
    public var window: Double
    /// A state tag whose equipment must have run (read above 0) before the rule applies: ISA-18.2's
    /// state-based alarming for equipment not (yet) in service — a log from before a recovery pump
    /// was installed must not stand in alarm for it.
    public var armedBy: String?
    /// A balance rule's tags, in its balance's role order (site file `tags:`); nil: the roles' usual ids.
    public var bindings: [String]?

    /// Whether `value` meets an alarm condition of this kind and limit (the one definition, shared
    /// by an alarm's state machine and the engine's check for skipping idle rules).
    @inline(__always)
    public static func trips(_ kind: Kind, limit: Double, _ value: Double) -> Bool {
        switch kind {
        case .low: return value < limit
        case .rateOfChange, .balance: return abs(value) > limit
        case .high, .stale, .badQuality, .external, .flatline: return value > limit
        }
    }

    public init(id: String, target: String, kind: Kind, limit: Double, deadband: Double = 0, onDelay: Double = 0,
                offDelay: Double = 0, priority: AlarmPriority, message: String, window: Double = 3600) {
        self.id = id; self.target = target; self.kind = kind; self.limit = limit; self.deadband = deadband
        self.onDelay = onDelay; self.offDelay = offDelay; self.priority = priority; self.message = message; self.window = window
    }
}
