import Foundation

/// A gas-fired shell (fire-tube) steam boiler by the indirect (loss) method, so that its gas meter,
/// flue analyser and steam meter agree (physics-checks.md, Boilers):
///
///     fuel·LHV = [steam·(h_g(P) − h_fw) + blowdown·(h_f(P) − h_fw)] ÷ (1 − q_stack − q_shell)
///     η_direct = steam·(h_g − h_fw) ÷ (fuel·LHV) = 1 − q_stack − q_shell − q_blowdown
///
/// - h from IAPWS-IF97 at the absolute drum pressure (`IF97`); blowdown leaves as saturated liquid.
/// - Stack loss by Siegert's formula for natural gas (German 1. BImSchV; LHV basis):
///   q_stack = (t_flue − t_air)·(A2 / (21 − O₂) + B), A2 = 0.66, B = 0.009.
/// - Without an economiser the gas leaves the last pass above the water it heats, which sits at the
///   saturation temperature: t_flue = T_sat(P) + rise·(0.6 + 0.4·load) + fouling. The rise at full
///   load is the one fitted constant (`HumanwellSimulator.flueRise`); physics-checks.md gives
///   T_sat + 50–80 K as typical, and the feedwater temperature does not enter.
/// - Shell (radiation and convection) loss: `shellLossAtFullLoad` ÷ load — a fixed heat loss from
///   the shell, so a growing share at part load (ASME PTC 4 / ABMA radiation-loss chart, ≈ 1–1.5 %
///   at full load for a boiler of this size [M]).
struct SteamBoiler: Sendable {
    static let siegertA2 = 0.66
    static let siegertB = 0.009

    /// Drum pressure, MPa(abs).
    var pressure: Double
    /// Rated steam, t/h.
    var ratedSteam: Double
    /// Flue-gas rise above saturation at full load, K.
    var flueRise: Double
    var shellLossAtFullLoad: Double
    let steamEnthalpy: Double      // h_g, kJ/kg
    let liquidEnthalpy: Double     // h_f, kJ/kg
    let saturationC: Double
    let water: WaterEnthalpyTable

    public init(pressure: Double, ratedSteam: Double, flueRise: Double, shellLossAtFullLoad: Double) {
        self.pressure = pressure
        self.ratedSteam = ratedSteam
        self.flueRise = flueRise
        self.shellLossAtFullLoad = shellLossAtFullLoad
        steamEnthalpy = IF97.saturatedSteamEnthalpy(pressureMPa: pressure)
        liquidEnthalpy = IF97.saturatedLiquidEnthalpy(pressureMPa: pressure)
        saturationC = IF97.saturationTemperature(p: pressure) - 273.15
        water = WaterEnthalpyTable(pressureMPa: pressure + 0.1)
    }

    /// Siegert's stack loss, fraction of fuel LHV.
    static func stackLoss(flueC: Double, airC: Double, o2: Double) -> Double {
        (flueC - airC) * (siegertA2 / (21 - o2) + siegertB) / 100
    }

    /// Flue-gas temperature at a load fraction, °C.
    func flueTemperature(load: Double, foulingK: Double = 0) -> Double {
        saturationC + flueRise * (0.6 + 0.4 * min(1, load)) + foulingK
    }

    func shellLoss(load: Double) -> Double { shellLossAtFullLoad / max(load, 0.1) }

    struct Operation: Sendable, Equatable {
        public var gas: Double            // m³/h
        var stackLoss: Double
        var shellLoss: Double
        var blowdownLoss: Double
        /// Steam enthalpy gain ÷ fuel energy.
        var efficiency: Double
    }

    /// Gas for `steam` t/h with `blowdown` t/h blown down, feedwater at `feedC`.
    func operate(steam: Double, blowdown: Double, feedC: Double, flueC: Double, airC: Double, o2: Double,
                        load: Double, lhvMJ: Double) -> Operation {
        let hfw = water.enthalpy(celsius: feedC)
        let useful = steam * (steamEnthalpy - hfw)            // MJ/h per (t/h): t·kJ/kg = MJ
        let bd = blowdown * (liquidEnthalpy - hfw)
        let stack = SteamBoiler.stackLoss(flueC: flueC, airC: airC, o2: o2)
        let shell = shellLoss(load: load)
        let fuel = (useful + bd) / (1 - stack - shell)        // MJ/h
        return Operation(gas: fuel / lhvMJ, stackLoss: stack, shellLoss: shell, blowdownLoss: bd / fuel,
                         efficiency: useful / fuel)
    }
}
