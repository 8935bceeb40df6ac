/// Accounting factors: heat values, coal equivalents, carbon factors and prices.
/// Defaults are those of plants.md; every plant may override them and so may the user.
public struct EnergyFactors: Sendable, Equatable, Codable {
    /// Natural gas lower heating value, MJ/m³ (gas-field gas, GB/T 2589-2008: 35 544 kJ/m³).
    var gasLHV: Double = 35.544
    /// CO₂ per m³ of natural gas, kg/m³: the emission factor per energy times the LHV, so both
    /// hold for the same m³ (`defaultGasCO2PerGJ` × 35.544 MJ/m³ = 1.974 kg/m³). The 2.162 kg/m³
    /// used before went with GB/T 32151's 389.31 GJ/10⁴ m³ (38.931 MJ/m³, oil-field gas), not
    /// with this LHV: 9.5 % too high.
    var gasCO2: Double = EnergyFactors.defaultGasCO2PerGJ * 35.544 / 1000

    /// Electricity, kgce per kWh (calorific equivalent 3600 kJ/kWh ÷ 29 307.6 kJ/kgce).
    var electricityKgce: Double = 0.1229
    /// Grid CO₂ factor, kg/kWh.
    public var gridCO2: Double = 0.5366
    /// CO₂ factor of renewable (hydro) electricity, kg/kWh; market-based accounting sets it to 0.
    var renewableCO2: Double = 0
    /// Prices, CNY per kWh and per m³ (tax excluded).
    public var electricityPrice: Double = 0.500
    var gasPrice: Double = 3.0
    /// The reference state of the m³ the gas figures are per (heating value and CO₂ per m³
    /// differ by 7 % between 0 °C and 20 °C).
    var gasReference = "20 °C, 101.325 kPa (GB/T 2589 standard state)"

    /// kg CO₂ per GJ (LHV) of natural gas: GB/T 32151.1-2015 / NDRC accounting-guideline defaults,
    /// carbon content 15.3 tC/TJ × oxidation 99 % × 44/12 = 55.539 (IPCC 2006 Vol 2 Table 1.4's
    /// 56.1 kg/GJ less the 1 % unoxidised carbon).
    static let defaultGasCO2PerGJ = 15.3 * 0.99 * 44 / 12
    /// IPCC 2006 Vol 2 Table 1.4, natural gas: 95 % confidence bounds of the CO₂ factor,
    /// 54.3–58.3 kg/GJ (LHV). A site's CO₂/m³ ÷ LHV outside them is a mismatch of heating value,
    /// reference state or unit, not a gas.
    static let plausibleGasCO2PerGJ = 54.3...58.3

    /// kg CO₂ per GJ (LHV) that the CO₂ per m³ and the LHV imply.
    var gasCO2PerGJ: Double { gasCO2 / gasLHV * 1000 }

    /// 1 kgce = 29 307.6 kJ (7000 kcal).
    static let kJPerKgce = 29_307.6

    public init() {}

    /// kgce per m³ of gas implied by the LHV.
    var gasKgce: Double { gasLHV * 1000 / EnergyFactors.kJPerKgce }

    /// The factors of the MOMA case: 608 161.9 kWh = 156.55 tce = 538 t CO₂ = 304 100 CNY.
    public static var moma: EnergyFactors {
        var f = EnergyFactors()
        f.electricityKgce = 0.2574
        f.gridCO2 = 0.8843
        f.electricityPrice = 0.500
        return f
    }

    /// Sichuan grid (2022) for CATL's non-hydro electricity.
    static var sichuan: EnergyFactors {
        var f = EnergyFactors()
        f.gridCO2 = 0.1404
        f.electricityPrice = 0.60
        return f
    }

    /// Hubei lies in the Central grid (2022: 0.5395 kg/kWh).
    static var hubei: EnergyFactors {
        var f = EnergyFactors()
        f.gridCO2 = 0.5395
        f.electricityPrice = 0.65
        return f
    }
}
