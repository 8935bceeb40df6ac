/// A gas-fired steam boiler by the direct (input–output) method:
/// gas [m³] = steam [kg] · (h_steam − h_feedwater) / (η · LHV).
///
/// The efficiency is a meter-to-meter (site) figure: η falls with the stack loss, which
/// grows with the flue-gas temperature above combustion air (DOE Steam Tip Sheet #4:
/// ≈ 1 % per 22 K) and with excess O₂ (≈ 0.33 % per % O₂ at a 300 °F stack ΔT), and with
/// the shell and standby losses, which weigh more at low load.
struct BoilerModel: Sendable {
    /// Steam pressure, MPa(abs). 1.0 MPa(abs) ≈ 0.9 MPa(g), the pressure of the Humanwell inversion.
    var steamPressure: Double
    /// Efficiency at the reference stack ΔT, O₂ and full load.
    var referenceEfficiency: Double
    var referenceStackDeltaT: Double = 130
    var referenceO2: Double = 3.0
    /// Efficiency lost per kelvin of stack ΔT above the reference (1 %/22 K).
    var stackLossPerK: Double = 0.01 / 22
    /// Efficiency lost per % O₂ above the reference.
    var lossPerO2: Double = 0.0033
    /// Shell/radiation loss at full load as a fraction of input; scales as 1/load.
    var shellLossAtFullLoad: Double = 0.012
    /// Rated steam output, t/h.
    var ratedSteam: Double

    let steamEnthalpy: Double
    let feedwater: WaterEnthalpyTable

    public init(steamPressure: Double, referenceEfficiency: Double, ratedSteam: Double) {
        self.steamPressure = steamPressure
        self.referenceEfficiency = referenceEfficiency
        self.ratedSteam = ratedSteam
        steamEnthalpy = IF97.saturatedSteamEnthalpy(pressureMPa: steamPressure)
        feedwater = WaterEnthalpyTable(pressureMPa: steamPressure + 0.1)
    }

    /// Flue-gas temperature, °C: rises with load and with fouling (extra K).
    func flueGasTemperature(load: Double, airC: Double, foulingK: Double) -> Double {
        airC + referenceStackDeltaT * (0.82 + 0.25 * load) + foulingK
    }

    /// Site efficiency at this operating point.
    func efficiency(load: Double, flueC: Double, airC: Double, o2: Double) -> Double {
        let stack = (flueC - airC - referenceStackDeltaT) * stackLossPerK
        let excess = (o2 - referenceO2) * lossPerO2
        let shell = shellLossAtFullLoad * (1 / max(load, 0.15) - 1)
        return referenceEfficiency - stack - excess - shell
    }

    /// Gas volume flow, m³/h, for a steam flow in t/h.
    func gasFlow(steam: Double, feedwaterC: Double, efficiency: Double, lhvMJ: Double) -> Double {
        let dh = steamEnthalpy - feedwater.enthalpy(celsius: feedwaterC)
        return steam * 1000 * dh / (efficiency * lhvMJ * 1000)
    }
}
