/// The one clock of a plant fed by a real-time source (a followed log, Modbus meters), which stamps
/// its readings, windows, trends, alarm events and journal entries alike.
///
/// - Modbus rows are stamped with the host's clock when polled: the plant's clock is the host's.
/// - A followed log's rows carry their own times, which may be far from the host's (a historian on
///   another zone, an old export written out again). The plant's clock is then the log's: the
///   newest row's time, running on with the host's clock since that row arrived, and never going
///   back. A meter's staleness is thus the host time since its last row arrived, and the KPIs see
///   the rows' own intervals; a log hours or years off the host's clock is reported once (a low
///   alarm), never turned into "silent for 67,840 h".
///
/// The clock is `host + offset`; the offset is unknown until a log's first row (the host's clock
/// stands in meanwhile, or the offset a resumed run saved), then only ever grows.
public struct SourceClock: Sendable, Equatable {
    public enum Kind: String, Sendable { case host, ownTimestamps }
    public let kind: Kind
    public private(set) var offset: Double?
    /// Set when the clock became far from the host's, until `skewReported()`: reported once.
    public private(set) var skewPending = false

    /// More than this far from the host's clock (either way) is a log on another clock.
    static let skewTolerance = 300.0
    public static let skewAlarmID = "source-clock"

    public init(kind: Kind, offset: Double? = nil) {
        self.kind = kind
        self.offset = kind == .host ? 0 : offset
        skewPending = skewed
    }

    /// More than the tolerance from the host's clock.
    public var skewed: Bool { abs(offset ?? 0) > SourceClock.skewTolerance }

    /// The plant's time at host time `host`.
    public func now(host: Double) -> Double { host + (offset ?? 0) }

    /// A row stamped `time` arrived at host time `arrival`. Returns true when this row set the
    /// clock back: the first row of a log behind the host's clock, which stood in until then.
    /// (Whatever the plant holds is then ahead of its own clock, and must start again.)
    @discardableResult
    public mutating func noteRow(time: Double, arrival: Double) -> Bool {
        guard kind == .ownTimestamps else { return false }
        let o = time - arrival
        let wasSkewed = skewed
        if let old = offset, o <= old { return false }
        let back = offset == nil && o < 0
        offset = o
        if skewed && (!wasSkewed || back) { skewPending = true }
        return back
    }

    public mutating func skewReported() { skewPending = false }

    /// The low alarm that reports a log on another clock (raised once, by the dashboard).
    public static func skewRule() -> AlarmRule {
        AlarmRule(id: skewAlarmID, target: "source clock", kind: .external, limit: 0.5, priority: .low,
                  message: "the source's clock is far from the host's")
    }

    /// "log time is 6.4 years behind the host clock: …".
    public var skewMessage: String {
        let o = offset ?? 0
        let a = abs(o)
        let span = a >= 2 * 365.25 * 86_400 ? NumberFormat.string(a / (365.25 * 86_400), decimals: 1) + " years"
            : a >= 2 * 86_400 ? NumberFormat.string(a / 86_400, decimals: 1) + " days"
            : AlarmEngine.duration(a)
        return "log time is \(span) \(o < 0 ? "behind" : "ahead of") the host clock: the plant runs on the log's clock, staleness from each row's arrival"
    }
}
