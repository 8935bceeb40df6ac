/// A pump, constant or variable speed. Variable speed follows the affinity laws
/// (Q ∝ N, H ∝ N², P ∝ N³) above a minimum speed, plus a static-head share that a
/// closed loop with a differential-pressure set point keeps (power ∝ f·(s + (1−s)·f²)).
public struct Pump: Sendable {
    public var ratedPower: Double      // kW at rated flow
    public var ratedFlow: Double       // m³/h
    public var variableSpeed: Bool
    public var minSpeed: Double = 0.35
    /// Share of rated head the control keeps at any flow (differential-pressure set point).
    public var staticHeadShare: Double = 0.15

    public init(ratedPower: Double, ratedFlow: Double, variableSpeed: Bool) {
        self.ratedPower = ratedPower
        self.ratedFlow = ratedFlow
        self.variableSpeed = variableSpeed
    }

    /// Flow delivered, m³/h, when asked for `demand` (fraction of rated flow).
    public func flow(demand: Double) -> Double {
        variableSpeed ? ratedFlow * min(1, max(minSpeed, demand)) : ratedFlow
    }

    /// Shaft power, kW, at a flow fraction.
    public func power(flowFraction f0: Double) -> Double {
        guard variableSpeed else { return ratedPower }
        let f = min(1, max(minSpeed, f0))
        return ratedPower * f * (staticHeadShare + (1 - staticHeadShare) * f * f)
    }
}

/// A cooling tower: leaving water approaches the wet-bulb; the approach grows with the
/// heat rejected relative to design and shrinks when the fan speeds up.
public struct CoolingTower: Sendable {
    public var designHeat: Double      // kW rejected at design
    public var designApproach: Double  // K at design heat and full fan
    public var fanPower: Double        // kW at full speed
    public var variableSpeedFan: Bool

    public init(designHeat: Double, designApproach: Double, fanPower: Double, variableSpeedFan: Bool) {
        self.designHeat = designHeat
        self.designApproach = designApproach
        self.fanPower = fanPower
        self.variableSpeedFan = variableSpeedFan
    }

    /// Leaving (= chiller entering condenser) water temperature, °C, and fan power, kW.
    public func operate(heat: Double, wetBulb: Double, fanSpeed: Double = 1) -> (leaving: Double, fanPower: Double) {
        let load = max(0, heat / designHeat)
        let speed = variableSpeedFan ? min(1, max(0.3, fanSpeed)) : 1
        // Approach ∝ load^0.6 / speed^0.4: a Merkel-style fit around design.
        let approach = designApproach * pow(max(load, 0.05), 0.6) / pow(speed, 0.4)
        let p = variableSpeedFan ? fanPower * speed * speed * speed : fanPower
        return (wetBulb + approach, p)
    }
}
