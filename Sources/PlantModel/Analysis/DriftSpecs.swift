/// Drift targets per plant: a daily KPI, its baseline regression, which way is worse, the smallest
/// deviation worth an operator's time, and the message that says what to check (the FDD rules of
/// energy-reference.md §5).
public struct DriftSpec: Sendable {
    public var baseline: BaselineSpec
    /// +1 when a higher value is worse (gas use, flue temperature), −1 when lower is (COP, make-up temperature).
    public var worse: Double
    /// Practical significance: a statistically clear deviation smaller than this raises nothing.
    /// Relative (fraction of the expected value) or absolute (in the KPI's unit).
    public var minimum: Double
    public var relative: Bool
    public var priority: AlarmPriority
    /// "{dev}" (e.g. "11 %" or "24 K") and "{days}" are filled in.
    public var message: String

    public var alarmID: String { "drift." + baseline.id }
}

public enum DriftSpecs {
    public static func all(_ plantID: String) -> [DriftSpec] {
        switch plantID {
        case "humanwell":
            return [
                DriftSpec(baseline: BaselineSpec.energy("humanwell")!, worse: 1, minimum: 0.03, relative: true, priority: .medium,
                          message: "gas use {dev} above its baseline for {days} — check boiler fouling, excess air and make-up temperature"),
                DriftSpec(baseline: BaselineSpec(id: "flue-gas", target: "flue_gas_temp", drivers: ["steam_t"], regressorNames: ["steam_t"], regressors: { $0 }),
                          worse: 1, minimum: 8, relative: false, priority: .medium,
                          message: "flue gas {dev} above its baseline for {days} — soot or scale: ≈ 1 % efficiency per 22 K, clean the boiler"),
                // Recovered heat is capped by the 65 °C pump limit, so the warmer the mains the smaller the
                // possible gain: the effectiveness (gain ÷ possible gain) is what stays put all year.
                DriftSpec(baseline: BaselineSpec(id: "makeup-temp", target: "recovery_effectiveness", drivers: [], regressorNames: [], regressors: { _ in [] }),
                          worse: -1, minimum: 20, relative: false, priority: .high,
                          message: "make-up heating {dev} points below its baseline for {days} — check the heat-recovery pump and drains"),
            ]
        case "moma":
            return [
                // No whole-plant energy drift here: fitted on 30 days of May, it does not extrapolate to
                // August's loads without false alarms; the chiller COP below carries the diagnosis.
                // Chiller power against the installed machines' EIR curves (ChillerCurveCheck).
                DriftSpec(baseline: BaselineSpec(id: "chiller-cop", target: ChillerCurveCheck.targetID, drivers: [], regressorNames: [], regressors: { _ in [] }),
                          worse: 1, minimum: 0.06, relative: true, priority: .high,
                          message: "chillers draw {dev} more power than their curves for {days} — check condenser fouling (approach), charge and non-condensables"),
            ]
        case "catl":
            return [
                DriftSpec(baseline: BaselineSpec.energy("catl")!, worse: 1, minimum: 0.06, relative: true, priority: .medium,
                          message: "plant energy {dev} above its baseline for {days} — check which measure has lapsed (CFMS, scheduling, ovens)"),
                DriftSpec(baseline: BaselineSpec(id: "condensate", target: "condensate_recovery", drivers: ["outdoor_temp"],
                                                 regressorNames: ["outdoor_temp"], regressors: { $0 }),
                          worse: -1, minimum: 5, relative: false, priority: .high,
                          message: "condensate recovery {dev} below its baseline for {days} — check traps, return pumps and diverted lines"),
                DriftSpec(baseline: BaselineSpec(id: "flue-gas", target: "gas_per_tonne_steam", drivers: ["outdoor_temp"],
                                                 regressorNames: ["outdoor_temp"], regressors: { $0 }),
                          worse: 1, minimum: 0.03, relative: true, priority: .medium,
                          message: "gas per tonne of steam {dev} above its baseline for {days} — boiler fouling or excess air"),
            ]
        default:
            return []
        }
    }
}
