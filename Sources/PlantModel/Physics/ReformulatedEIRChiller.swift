import Foundation

/// A bicubic curve (EnergyPlus Curve:Bicubic):
/// f(x, y) = c1 + c2·x + c3·x² + c4·y + c5·y² + c6·x·y + c7·x³ + c8·y³ + c9·x²·y + c10·x·y².
/// Evaluated *without* clamping: callers check `covers` and flag what lies outside the data.
struct Bicubic: Sendable, Equatable {
    public var c: [Double]
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>

    func callAsFunction(_ x: Double, _ y: Double) -> Double {
        c[0] + c[1] * x + c[2] * x * x + c[3] * y + c[4] * y * y + c[5] * x * y
            + c[6] * x * x * x + c[7] * y * y * y + c[8] * x * x * y + c[9] * x * y * y
    }

    public func covers(_ x0: Double, _ y0: Double) -> Bool { x.contains(x0) && y.contains(y0) }
}

extension Biquadratic {
    /// The same curve without EnergyPlus's clamping (for extrapolation within physical bounds).
    func unclamped(_ x: Double, _ y: Double) -> Double {
        c[0] + c[1] * x + c[2] * x * x + c[3] * y + c[4] * y * y + c[5] * x * y
    }

    public func covers(_ x0: Double, _ y0: Double) -> Bool { x.contains(x0) && y.contains(y0) }
}

/// One EnergyPlus `Chiller:Electric:ReformulatedEIR` curve set with its rating point
/// (EnergyPlus Engineering Reference, "Electric Chiller Model Based on Condenser Leaving
/// Temperature"; `src/EnergyPlus/ChillerReformulatedEIR.cc`):
///
///     AvailCap = RefCap · CAPFT(T_lchw, T_lcw)
///     PLR      = Q_evap / AvailCap
///     P        = AvailCap / RefCOP · EIRFT(T_lchw, T_lcw) · EIRFPLR(T_lcw, PLR) · CyclingRatio
///     Q_cond   = Q_evap + P
///
/// with T_lchw the leaving chilled-water and T_lcw the *leaving condenser-water* temperature.
/// The coefficient sets are EnergyPlus dataset curves re-expressed in this form by least squares in
/// `Scripts/fit-chiller-curves.py` (PNNL Copper, tried first with `--copper`, gave super-Carnot COPs); see
/// `ChillerCurvesFitted.swift` for the targets and the fitted results.
public struct ReformulatedEIRCurves: Sendable, Equatable {
    public var name: String
    var capFT: Biquadratic
    var eirFT: Biquadratic
    var eirFPLR: Bicubic
    var refCapacity: Double      // kW
    var refCOP: Double
    var refLCHW: Double          // °C
    var refLCW: Double           // °C, leaving condenser water at the rating point
    var minPLR: Double
    var maxPLR: Double
    var minUnloadRatio: Double
    /// Design condenser-water flow, m³/h (Copper's reference condenser flow for the rating).
    var condenserFlow: Double
    /// Design chilled-water flow, m³/h, at a 5 K design ΔT.
    var evaporatorFlow: Double { refCapacity / (5 * WaterProperties.volumetricHeat(celsius: 10)) }
    /// Lowest evaporator flow the maker allows, as a fraction of design (tube velocity ≈ 1 m/s).
    var minEvaporatorFlow = 0.5

    /// The same machine family at another size: CAPFT, EIRFT and EIRFPLR are normalised, so a
    /// larger frame of the same design keeps them, with the rated condenser flow in proportion.
    func scaled(capacity: Double) -> ReformulatedEIRCurves {
        var s = self
        s.condenserFlow *= capacity / refCapacity
        s.refCapacity = capacity
        return s
    }
}

/// The ReformulatedEIR chiller, running against a load with a given condenser flow: the leaving
/// condenser temperature depends on the power, which depends on it, so it is found by fixed-point
/// iteration as EnergyPlus does (ChillerReformulatedEIR.cc iterates on T_lcw with the same balance).
///
/// Outside the fitted ranges the polynomials are *extrapolated*, not clamped, and the operation
/// says so (`extrapolated`). Extrapolation is bounded by thermodynamics: the COP may not exceed
/// `maxCarnotFraction` of the Carnot COP between T_lchw − approach and T_lcw + approach; where the
/// curves would claim more, the power is raised to that bound and `carnotLimited` is set. Both
/// flags are counted by the simulator and tested to be rare.
public struct ReformulatedEIRChiller: Sendable {
    var curves: ReformulatedEIRCurves
    /// Wear: available capacity × capacityFactor and EIR ÷ efficiencyFactor (1 = as new).
    var capacityFactor = 1.0
    var efficiencyFactor = 1.0
    /// Extra condenser approach from fouling, K: the refrigerant condenses this much hotter than
    /// a clean machine at the same water temperature, so the curves are evaluated at T_lcw + fouling.
    var foulingK = 0.0

    /// Highest fraction of Carnot a real vapour-compression chiller reaches (physics-checks.md:
    /// 0.5–0.65, magnetic-bearing centrifugals at the top of the range).
    static let maxCarnotFraction = 0.65
    /// Evaporator and condenser refrigerant-to-water approaches used for the Carnot bound, K
    /// (physics-checks.md: 0.5–2 K for modern flooded heat exchangers; 1 K as in the issue).
    static let approachK = 1.0

    public init(_ curves: ReformulatedEIRCurves, capacityFactor: Double = 1, efficiencyFactor: Double = 1) {
        self.curves = curves
        self.capacityFactor = capacityFactor
        self.efficiencyFactor = efficiencyFactor
    }

    struct Operation: Sendable, Equatable {
        public var cooling: Double          // kW delivered
        var power: Double            // kW electrical
        var plr: Double
        var availableCapacity: Double
        var leavingCondenser: Double // °C
        var extrapolated: Bool
        var carnotLimited: Bool
        var cop: Double { power > 0 ? cooling / power : 0 }
        var condenserHeat: Double { cooling + power }
        public static func off(capacity: Double, ecw: Double) -> Operation {
            Operation(cooling: 0, power: 0, plr: 0, availableCapacity: capacity, leavingCondenser: ecw, extrapolated: false, carnotLimited: false)
        }
    }

    /// Carnot COP for cooling between two water temperatures (°C), with the approaches.
    static func carnotCOP(lchw: Double, lcw: Double, approach: Double = approachK) -> Double {
        let te = lchw - approach + 273.15, tc = lcw + approach + 273.15
        return te / max(tc - te, 0.1)
    }

    func availableCapacity(lchw: Double, lcw: Double) -> Double {
        curves.refCapacity * curves.capFT.unclamped(lchw, lcw + foulingK) * capacityFactor
    }

    /// Power drawn to deliver `cooling` kW at known leaving temperatures (no condenser balance):
    /// what a curve check compares a measured power with.
    func operate(cooling load: Double, lchw: Double, lcw: Double) -> Operation {
        let tc = lcw + foulingK
        let cap = availableCapacity(lchw: lchw, lcw: lcw)
        guard load > 0, cap > 0 else { return .off(capacity: cap, ecw: lcw) }
        let plr = min(load / cap, curves.maxPLR)
        let cooling = plr * cap
        let cycling = min(1, plr / curves.minUnloadRatio)
        let eirPLR = curves.eirFPLR(tc, max(plr, curves.minUnloadRatio))
        var power = cap / curves.refCOP * curves.eirFT.unclamped(lchw, tc) * eirPLR * cycling / efficiencyFactor
        let extrapolated = !curves.capFT.covers(lchw, tc) || !curves.eirFT.covers(lchw, tc) || !curves.eirFPLR.covers(tc, max(plr, curves.minUnloadRatio))
        let bound = ReformulatedEIRChiller.maxCarnotFraction * ReformulatedEIRChiller.carnotCOP(lchw: lchw, lcw: lcw)
        var limited = false
        if power < cooling / bound { power = cooling / bound; limited = true }
        return Operation(cooling: cooling, power: power, plr: plr, availableCapacity: cap, leavingCondenser: lcw,
                         extrapolated: extrapolated, carnotLimited: limited)
    }

    /// Runs against a load with water entering the condenser at `ecw` °C and `cwFlow` m³/h:
    /// T_lcw = ecw + (Q + P) / (V̇·ρ·c_p), iterated to 0.01 K.
    func operate(load: Double, lchw: Double, ecw: Double, cwFlow: Double) -> Operation {
        guard load > 0, cwFlow > 0 else { return .off(capacity: availableCapacity(lchw: lchw, lcw: ecw), ecw: ecw) }
        let k = cwFlow * WaterProperties.volumetricHeat(celsius: ecw + 3)
        var lcw = ecw + 1.25 * load / k
        var op = operate(cooling: load, lchw: lchw, lcw: lcw)
        for _ in 0..<20 {
            let next = ecw + op.condenserHeat / k
            if abs(next - lcw) < 0.01 { break }
            lcw = next
            op = operate(cooling: load, lchw: lchw, lcw: lcw)
        }
        return op
    }
}

/// Liquid water properties for heat meters: ρ·c_p per m³ and kelvin, in kWh/(m³·K).
enum WaterProperties {
    /// Density of liquid water at 0.1 MPa, kg/m³ (Kell 1975 polynomial, 0–100 °C, ±0.01 %).
    static func density(celsius t: Double) -> Double {
        (999.83952 + 16.945176 * t - 7.9870401e-3 * t * t - 46.170461e-6 * t * t * t
            + 105.56302e-9 * t * t * t * t - 280.54253e-12 * t * t * t * t * t) / (1 + 16.879850e-3 * t)
    }
    /// Isobaric heat capacity of liquid water at 0.1 MPa, kJ/(kg·K): IAPWS-IF97 region 1.
    static func cp(celsius t: Double) -> Double {
        IF97.region1(T: t + 273.15, p: 0.101325).cp
    }
    /// ρ·c_p / 3600, kWh/(m³·K): heat carried by 1 m³/h over 1 K, in kW (≈ 1.163 at 10 °C).
    static func volumetricHeat(celsius t: Double) -> Double {
        density(celsius: t) * cp(celsius: t) / 3600
    }
}
