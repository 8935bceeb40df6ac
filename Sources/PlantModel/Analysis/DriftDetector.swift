/// Drift detection on one target, one period (day) at a time: expected value from the baseline,
/// residual, CUSUM of (actual − expected), Page's tabular CUSUM on standardised residuals
/// (k = 0.5, h = 5; ≈ 10 days to detect a 1σ shift, ARL₀ ≈ 465) and an EWMA (λ = 0.2).
/// It raises when the tabular CUSUM passes h in the worse direction *and* the mean deviation over
/// that run is at least the spec's practical minimum; it clears when the CUSUM falls back to 0.
public struct DriftDetector: Sendable {
    public let spec: DriftSpec
    public private(set) var model: BaselineModel?
    public static let k = 0.5
    public static let h = 5.0
    static let lambda = 0.2

    public struct Point: Sendable, Equatable {
        public var start: Double
        public var actual: Double
        public var expected: Double
        public var cusum: Double          // Σ (actual − expected)
        public var tabular: Double        // S in the worse direction, in σ
        public var ewma: Double           // in σ
    }
    public private(set) var points: [Point] = []
    /// Points kept (nil: all, as the report's charts show them; the screen shows the recent ones,
    /// and a replay's checkpoints each hold a copy, so there they are bounded).
    var pointLimit: Int?
    public private(set) var active = false
    /// The largest recent deviation (EWMA, worse direction) seen, in the KPI's unit and relative.
    public private(set) var worstDeviation = 0.0
    public private(set) var worstRelative = 0.0
    private var cumulative = 0.0
    private var s = 0.0
    private var ewma = 0.0
    /// EWMA (λ = 0.3) of the deviation in the worse direction, in the KPI's unit: the size of the
    /// recent drift, for the practical-significance test and the message.
    private var recentDeviation = 0.0
    /// Consecutive days the deviation has been at least half the practical minimum.
    private var runDays = 0

    public init(spec: DriftSpec, model: BaselineModel?) {
        self.spec = spec
        self.model = model
    }

    mutating func setModel(_ m: BaselineModel) { model = m }

    public enum Change: Sendable, Equatable { case raised(String), cleared }

    /// Takes one period's values; returns a change of the drift alarm, if any.
    public mutating func add(_ p: PeriodValues) -> Change? {
        guard let m = model, let y = p.values[spec.baseline.target], let e = m.expected(p) else { return nil }
        // Residuals are standardised by the prediction error at this point, not by the baseline's
        // residual SD alone: far from the baseline's conditions a model knows less.
        let sd = max(m.predictionSE(p) ?? m.model.residualSD, 1e-9)
        let r = y - e
        let z = spec.worse * r / sd
        cumulative += r
        s = max(0, s + z - DriftDetector.k)
        ewma = DriftDetector.lambda * z + (1 - DriftDetector.lambda) * ewma
        recentDeviation = 0.3 * spec.worse * r + 0.7 * recentDeviation
        let floor = max(spec.relative ? spec.minimum * abs(e) : spec.minimum, 2 * sd)
        runDays = spec.worse * r >= floor / 2 ? runDays + 1 : 0
        points.append(Point(start: p.start, actual: y, expected: e, cusum: cumulative, tabular: s, ewma: ewma))
        if let limit = pointLimit, points.count > limit { points.removeFirst(points.count - limit) }
        let meanDev = recentDeviation
        worstDeviation = max(worstDeviation, meanDev)
        worstRelative = max(worstRelative, meanDev / max(abs(e), 1e-9))
        let significant = meanDev >= floor
        if !active && s > DriftDetector.h && significant {
            active = true
            return .raised(message(meanDev: meanDev, expected: e))
        }
        if active && s == 0 {
            active = false
            return .cleared
        }
        return nil
    }

    func message(meanDev: Double, expected e: Double) -> String {
        let dev = spec.relative
            ? NumberFormat.string(100 * meanDev / max(abs(e), 1e-9), decimals: 0) + " %"
            : NumberFormat.string(meanDev, decimals: 1) + " " + unitText
        let days = runDays <= 1 ? "1 day" : "\(runDays) days"
        return spec.message.replacing("{dev}", with: dev).replacing("{days}", with: days)
    }

    var unitText: String { spec.baseline.target.hasSuffix("_temp") ? "K" : "" }
}
