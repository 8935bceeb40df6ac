import Foundation

/// A centrifugal pump with its motor and (optionally) a variable-frequency drive, on a system curve.
///
/// Electrical power = ρ·g·H·V̇ ÷ (η_pump · η_motor · η_drive) (physics-checks.md, Pumps).
/// - System curve: H(V̇) = H_static + (H_design − H_static)·(V̇/V̇_design)². For a closed chilled-water
///   loop H_static is the differential-pressure set point the controls hold; for an open condenser
///   loop it is the tower's lift.
/// - Pump curve at speed n (fraction of full): H = n²·H₀ − K·V̇², with the shut-off head
///   H₀ = 1.25·H_design and K such that the curve passes the design point at n = 1 (a typical end-
///   suction pump shape [M]). The speed that meets the system curve follows from both.
/// - Pump efficiency along its curve: η = η_BEP·(2r − r²), r = (V̇/n)/V̇_design (the design point is
///   the best-efficiency point; the parabolic shape is the usual normalised pump efficiency curve [M]).
///   Points on a parabola through the origin keep η (affinity laws).
/// - Motor efficiency at a fraction x of rated shaft power: η_m = η_m,rated·(1 − e^(−9.04x)) ÷ (1 − e^(−9.04)),
///   and drive efficiency at a fraction x of full speed: η_d = 0.5087 + 1.283x − 1.42x² + 0.5834x³;
///   both from Bernier & Bourret, "Pumping energy and variable frequency drives", ASHRAE Journal
///   41(12), 1999 [M]; the drive curve gives 0.955 at full speed.
/// A constant-speed pump runs at its design point whatever the demand (the surplus goes through
/// three-way valves or a bypass). A variable-speed pump delivers the flow asked for, but never less
/// than `minFlow` (evaporator or condenser minimum, or minimum speed).
struct Pump: Sendable {
    var designFlow: Double       // m³/h
    var designHead: Double       // m
    var staticHead: Double       // m
    var variableSpeed: Bool
    var pumpEfficiency = 0.75    // at the best-efficiency point
    var motorEfficiency = 0.93   // rated
    /// Lowest flow, fraction of design.
    var minFlow = 0.3

    public init(designFlow: Double, designHead: Double, staticHead: Double, variableSpeed: Bool, minFlow: Double = 0.3) {
        self.designFlow = designFlow
        self.designHead = designHead
        self.staticHead = staticHead
        self.variableSpeed = variableSpeed
        self.minFlow = minFlow
    }

    struct Operation: Sendable, Equatable {
        var flow: Double         // m³/h
        public var head: Double         // m
        public var speed: Double        // fraction of full
        var power: Double        // kW electrical
    }

    /// Hydraulic power, kW, of V̇ m³/h against H m (ρ = 998 kg/m³, g = 9.80665 m/s²).
    static func hydraulicPower(flow: Double, head: Double) -> Double {
        998 * 9.80665 * head * flow / 3600 / 1000
    }

    /// Runs the pump asked for `demand` m³/h.
    func operate(demand: Double) -> Operation {
        let q = variableSpeed ? min(designFlow, max(minFlow * designFlow, demand)) : designFlow
        let ratio = q / designFlow
        let head = variableSpeed ? staticHead + (designHead - staticHead) * ratio * ratio : designHead
        let h0 = 1.25 * designHead, k = 0.25 * designHead
        let n = variableSpeed ? min(1, ((head + k * ratio * ratio) / h0).squareRoot()) : 1
        let r = ratio / n
        let etaPump = pumpEfficiency * max(0.2, 2 * r - r * r)
        let hydraulic = Pump.hydraulicPower(flow: q, head: head)
        let shaft = hydraulic / etaPump
        let ratedShaft = Pump.hydraulicPower(flow: designFlow, head: designHead) / pumpEfficiency
        let x = min(1.2, shaft / ratedShaft)
        let etaMotor = motorEfficiency * (1 - exp(-9.04 * x)) / (1 - exp(-9.04))
        let etaDrive = variableSpeed ? 0.5087 + 1.283 * n - 1.42 * n * n + 0.5834 * n * n * n : 1
        return Operation(flow: q, head: head, speed: n, power: shaft / (etaMotor * etaDrive))
    }

    /// Electrical power at the design point, kW.
    var designPower: Double { operate(demand: designFlow).power }
}

/// A counterflow cooling tower by the effectiveness–NTU form of Merkel's theory (Braun, Klein &
/// Mitchell, "Effectiveness models for cooling towers and cooling coils", ASHRAE Transactions 95(2),
/// 1989 — the model behind EnergyPlus's CoolingTower objects):
///
///     Q = ε_a · ṁ_a · (h_s(T_w,in) − h_a,in)
///     ε_a = (1 − e^(−NTU(1−m*))) / (1 − m*·e^(−NTU(1−m*))),  m* = ṁ_a·c_s / (ṁ_w·c_pw)
///     NTU = c·(ṁ_w/ṁ_a)^(1+n),  n = −0.6 (fill correlation exponent, Braun et al.)
///
/// where h_s is the enthalpy of saturated air at the water temperature, c_s = Δh_s/ΔT over the tower,
/// and the entering air's enthalpy is that of saturated air at its wet-bulb (Merkel's assumption).
/// The constant c is fitted so that the tower meets its design point (`designApproach` at
/// `designWetBulb`, `designHeat`, `designWaterFlow`) with the fan at full speed. Air flow ∝ fan speed;
/// fan power ∝ speed³; with the fan stopped, natural draught moves `naturalDraught` of design air.
/// Leaving water approaches the wet-bulb only as far as the heat and air allow — never to it.
struct CoolingTower: Sendable {
    var designHeat: Double          // kW
    var designWaterFlow: Double     // m³/h
    var designWetBulb: Double       // °C
    var designApproach: Double      // K
    var fanPower: Double            // kW at full speed
    /// Design water-to-air mass ratio L/G (typical 0.75–1.5 [M]).
    var waterToAir = 1.2
    var naturalDraught = 0.1
    static let fillExponent = -0.6
    /// Fitted NTU constant (see above).
    private(set) var ntuConstant = 1.0

    public init(designHeat: Double, designWaterFlow: Double, designWetBulb: Double, designApproach: Double, fanPower: Double) {
        self.designHeat = designHeat
        self.designWaterFlow = designWaterFlow
        self.designWetBulb = designWetBulb
        self.designApproach = designApproach
        self.fanPower = fanPower
        // Fit c: the capacity at the design leaving temperature must equal the design heat.
        var lo = 0.01, hi = 20.0
        for _ in 0..<60 {
            ntuConstant = (lo + hi) / 2
            let q = capacity(leaving: designWetBulb + designApproach, heat: designHeat, waterFlow: designWaterFlow,
                             airFraction: 1, wetBulb: designWetBulb)
            if q < designHeat { lo = ntuConstant } else { hi = ntuConstant }
        }
    }

    /// Enthalpy of saturated moist air at T °C and 101.325 kPa, kJ/kg dry air (ASHRAE Fundamentals
    /// 2017 ch. 1 eq. 32; saturation pressure by Alduchov & Eskridge 1996: 0.61094·e^(17.625T/(T+243.04)) kPa).
    static func saturatedAirEnthalpy(_ t: Double) -> Double {
        Psychrometrics.enthalpy(dryBulb: t, humidityRatio: Psychrometrics.humidityRatio(vapourPressure: Psychrometrics.saturationPressureOverWater(t)))
    }

    var designAirFlow: Double { designWaterFlow * 998 / 3600 / waterToAir }   // kg/s

    /// Heat the tower can reject, kW, with water leaving at `leaving` °C after carrying `heat` kW.
    public func capacity(leaving: Double, heat: Double, waterFlow: Double, airFraction: Double, wetBulb: Double) -> Double {
        let mw = waterFlow * 998 / 3600, cpw = 4.18
        let tin = leaving + heat / (mw * cpw)
        let ma = designAirFlow * airFraction
        let hin = CoolingTower.saturatedAirEnthalpy(tin), hout = CoolingTower.saturatedAirEnthalpy(leaving)
        let cs = tin - leaving > 1e-6 ? (hin - hout) / (tin - leaving) : 5
        let mstar = ma * cs / (mw * cpw)
        let ntu = ntuConstant * pow(mw / ma, 1 + CoolingTower.fillExponent)
        let e = exp(-ntu * (1 - mstar))
        let eps = abs(1 - mstar) < 1e-6 ? ntu / (1 + ntu) : (1 - e) / (1 - mstar * e)
        return eps * ma * (hin - CoolingTower.saturatedAirEnthalpy(wetBulb))
    }

    /// Leaving water temperature, °C, at a given air flow (fraction of design).
    func leaving(heat: Double, waterFlow: Double, airFraction: Double, wetBulb: Double) -> Double {
        guard heat > 0 else { return wetBulb + 0.0 }
        var lo = wetBulb, hi = wetBulb + 50
        for _ in 0..<40 {
            let mid = (lo + hi) / 2
            if capacity(leaving: mid, heat: heat, waterFlow: waterFlow, airFraction: airFraction, wetBulb: wetBulb) < heat { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    struct Operation: Sendable, Equatable {
        var leaving: Double      // °C
        var fanPower: Double     // kW, mean over the step
        var fanSpeed: Double     // mean air-flow fraction driven by the fan
    }

    /// Runs the tower to hold `setpoint` °C leaving water if it can. Variable-speed fans modulate
    /// between `minSpeed` and full; below `minSpeed` (or for a single-speed fan, below full) the fan
    /// cycles on and off, and the step's mean is the duty-weighted mix of the two air flows.
    /// If even natural draught overcools, the leaving water falls below the set point.
    func operate(heat: Double, waterFlow: Double, wetBulb: Double, setpoint: Double,
                        variableSpeed: Bool, minSpeed: Double = 0.2) -> Operation {
        guard heat > 0, waterFlow > 0 else { return Operation(leaving: wetBulb + designApproach, fanPower: 0, fanSpeed: 0) }
        func cap(_ s: Double) -> Double { capacity(leaving: setpoint, heat: heat, waterFlow: waterFlow, airFraction: max(s, naturalDraught), wetBulb: wetBulb) }
        if setpoint <= wetBulb || cap(1) < heat {
            return Operation(leaving: leaving(heat: heat, waterFlow: waterFlow, airFraction: 1, wetBulb: wetBulb), fanPower: fanPower, fanSpeed: 1)
        }
        let natural = cap(naturalDraught)
        if natural >= heat {
            return Operation(leaving: leaving(heat: heat, waterFlow: waterFlow, airFraction: naturalDraught, wetBulb: wetBulb), fanPower: 0, fanSpeed: 0)
        }
        let low = variableSpeed ? minSpeed : 1.0
        let qLow = cap(low)
        if qLow >= heat {
            // Cycling between off and `low`: duty d with d·qLow + (1−d)·natural = heat.
            let d = (heat - natural) / (qLow - natural)
            return Operation(leaving: setpoint, fanPower: d * fanPower * low * low * low, fanSpeed: d * low)
        }
        var lo = low, hi = 1.0
        for _ in 0..<30 {
            let mid = (lo + hi) / 2
            if cap(mid) < heat { lo = mid } else { hi = mid }
        }
        let s = (lo + hi) / 2
        return Operation(leaving: setpoint, fanPower: fanPower * s * s * s, fanSpeed: s)
    }
}
