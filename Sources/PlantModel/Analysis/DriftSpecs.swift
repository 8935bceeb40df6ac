/// A drift target (from the site file's `drift` section): a daily KPI, its baseline regression, which way is worse, the smallest
/// deviation worth an operator's time, and the message that says what to check (the FDD rules of
/// energy-reference.md §5).
public struct DriftSpec: Sendable {
    public var baseline: BaselineSpec
    /// +1 when a higher value is worse (gas use, flue temperature), −1 when lower is (COP, make-up temperature).
    public var worse: Double
    /// Practical significance: a statistically clear deviation smaller than this raises nothing.
    /// Relative (fraction of the expected value) or absolute (in the KPI's unit).
    var minimum: Double
    var relative: Bool
    public var priority: AlarmPriority
    /// "{dev}" (e.g. "11 %" or "24 K") and "{days}" are filled in.
    public var message: String

    public init(baseline: BaselineSpec, worse: Double, minimum: Double, relative: Bool, priority: AlarmPriority, message: String) {
        self.baseline = baseline; self.worse = worse; self.minimum = minimum; self.relative = relative
        self.priority = priority; self.message = message
    }

    public var alarmID: String { "drift." + baseline.id }
}
