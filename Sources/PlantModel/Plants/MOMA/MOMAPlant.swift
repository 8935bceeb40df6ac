/// Wanguocheng MOMA (Beijing): the chiller plant in LB2 of building 12# serving buildings 3#
/// and 12# (radiant ceilings + displacement fresh air), cooling season May–September.
/// legacy-2018: two worn 981 kW centrifugal chillers (COP 3.93), constant-speed pumps.
/// retrofit-2019: a maglev centrifugal (lead) and a screw (lag), VSD pumps, automatic control.
public enum MOMAPlant {
    public static let tags = TagRegistry([
        TagSpec("outdoor_temp", "Outdoor dry-bulb", .degreeCelsius, .process, range: -30...50, decimals: 1, noise: 0.1),
        TagSpec("outdoor_rh", "Outdoor relative humidity", .percent, .process, range: 0...100, decimals: 1, noise: 0.5),
        TagSpec("wet_bulb", "Outdoor wet-bulb", .degreeCelsius, .process, range: -30...40, decimals: 1, noise: 0.1),
        TagSpec("chw_supply_temp", "Chilled water supply", .degreeCelsius, .process, range: 0...30, decimals: 2, noise: 0.05),
        TagSpec("chw_return_temp", "Chilled water return", .degreeCelsius, .process, range: 0...35, decimals: 2, noise: 0.05),
        TagSpec("chw_flow", "Chilled water flow", .cubicMetrePerHour, .rate, range: 0...600, decimals: 1, noise: 0.01),
        TagSpec("cw_supply_temp", "Condenser water to chillers (tower leaving)", .degreeCelsius, .process, range: 0...45, decimals: 2, noise: 0.05),
        TagSpec("cw_return_temp", "Condenser water from chillers", .degreeCelsius, .process, range: 0...50, decimals: 2, noise: 0.05),
        TagSpec("cooling_power", "Cooling delivered (BTU meter)", .kilowatt, .rate, range: 0...3000, decimals: 1, noise: 0.01),
        TagSpec("cooling_total", "BTU meter register", .kilowattHour, .totaliser, range: 0...1e9, decimals: 1, registerLimit: 1e8, integrates: "cooling_power"),
        TagSpec("ch1_power", "Chiller 1 input power", .kilowatt, .rate, range: 0...500, decimals: 1, noise: 0.01),
        TagSpec("ch2_power", "Chiller 2 input power", .kilowatt, .rate, range: 0...500, decimals: 1, noise: 0.01),
        TagSpec("chillers_power", "Chillers input power", .kilowatt, .rate, range: 0...1000, decimals: 1, noise: 0.005),
        TagSpec("chillers_elec_total", "Chillers electricity meter", .kilowattHour, .totaliser, range: 0...1e9, decimals: 1, registerLimit: 1e8, integrates: "chillers_power"),
        TagSpec("chw_pumps_power", "Chilled water pumps (primary + secondary)", .kilowatt, .rate, range: 0...300, decimals: 1, noise: 0.01),
        TagSpec("cw_pumps_power", "Condenser water pumps", .kilowatt, .rate, range: 0...300, decimals: 1, noise: 0.01),
        TagSpec("towers_power", "Cooling tower fans", .kilowatt, .rate, range: 0...100, decimals: 1, noise: 0.01),
        TagSpec("plant_power", "Chiller plant input power", .kilowatt, .rate, range: 0...1500, decimals: 1, noise: 0.005),
        TagSpec("plant_elec_total", "Chiller plant electricity meter", .kilowattHour, .totaliser, range: 0...1e9, decimals: 1, registerLimit: 1e8, integrates: "plant_power"),
        TagSpec("ch1_state", "Chiller 1: 0 off / 1 run", .state, .state, range: 0...1, decimals: 0),
        TagSpec("ch2_state", "Chiller 2: 0 off / 1 run", .state, .state, range: 0...1, decimals: 0),
        TagSpec("pumps_running", "Pumps running", .units, .state, range: 0...8, decimals: 0),
    ])

    public static let scenarios = [
        ScenarioInfo("legacy-2018", "two worn 981 kW centrifugal chillers (COP 3.93), constant-speed pumps"),
        ScenarioInfo("retrofit-2019", "maglev centrifugal + screw chiller, VSD pumps, automatic control (−608 MWh per season)"),
    ]

    public static func kpis(_ f: EnergyFactors) -> [KPIDefinition] {
        [
            KPIDefinition("chiller_cop", "Chiller COP", .coefficientOfPerformance,
                          formula: "Σ cooling_total [kWh] ÷ Σ chillers_elec_total [kWh]",
                          numerator: [.quantity("cooling_total")], denominator: [.quantity("chillers_elec_total")],
                          target: 5.6, limit: 4.7, higherIsBetter: true),
            KPIDefinition("plant_cop", "Plant COP", .coefficientOfPerformance,
                          formula: "Σ cooling_total [kWh] ÷ Σ plant_elec_total [kWh] (chillers + pumps + towers)",
                          numerator: [.quantity("cooling_total")], denominator: [.quantity("plant_elec_total")],
                          target: 5.0, limit: 3.0, higherIsBetter: true),
            KPIDefinition("kw_per_kw", "Plant kW per kW cooling", .kilowattPerKilowatt,
                          formula: "Σ plant_elec_total [kWh] ÷ Σ cooling_total [kWh]",
                          numerator: [.quantity("plant_elec_total")], denominator: [.quantity("cooling_total")],
                          target: 0.20, limit: 0.33, decimals: 3),
            KPIDefinition("electricity_kwh", "Plant electricity", .kilowattHour, formula: "Σ plant_elec_total [kWh]",
                          numerator: [.quantity("plant_elec_total")], decimals: 0),
            KPIDefinition("cooling_kwh", "Cooling delivered", .kilowattHour, formula: "Σ cooling_total [kWh]",
                          numerator: [.quantity("cooling_total")], decimals: 0),
            KPIDefinition("chillers_kwh", "Chillers electricity", .kilowattHour, formula: "Σ chillers_elec_total [kWh]",
                          numerator: [.quantity("chillers_elec_total")], decimals: 0),
            KPIDefinition("chw_pumps_kwh", "Chilled-water pumps electricity", .kilowattHour, formula: "∫ chw_pumps_power dt [kWh]",
                          numerator: [.quantity("chw_pumps_power")], decimals: 0),
            KPIDefinition("cw_pumps_kwh", "Condenser pumps electricity", .kilowattHour, formula: "∫ cw_pumps_power dt [kWh]",
                          numerator: [.quantity("cw_pumps_power")], decimals: 0),
            KPIDefinition("towers_kwh", "Cooling tower fans electricity", .kilowattHour, formula: "∫ towers_power dt [kWh]",
                          numerator: [.quantity("towers_power")], decimals: 0),
            KPIDefinition("cw_supply_temp", "Condenser water to chillers (cooling-weighted)", .degreeCelsius,
                          formula: "Σ cw_supply_temp·Δcooling ÷ Σ Δcooling [°C]",
                          numerator: [.weighted("cw_supply_temp", by: "cooling_total")], denominator: [.quantity("cooling_total")], decimals: 1),
            KPIDefinition("wet_bulb", "Outdoor wet-bulb", .degreeCelsius, formula: "Σ wet_bulb·Δt ÷ Σ Δt [°C]",
                          numerator: [.timeIntegral("wet_bulb")], denominator: [.hours("wet_bulb")], decimals: 1),
            KPIDefinition("outdoor_temp", "Outdoor dry-bulb", .degreeCelsius, formula: "Σ outdoor_temp·Δt ÷ Σ Δt [°C]",
                          numerator: [.timeIntegral("outdoor_temp")], denominator: [.hours("outdoor_temp")], decimals: 1),
            KPIDefinition("chw_delta_t", "Chilled water ΔT (cooling-weighted)", .kelvin,
                          formula: "Σ (chw_return_temp − chw_supply_temp)·Δcooling ÷ Σ Δcooling [K]",
                          numerator: [.weighted("chw_return_temp", by: "cooling_total"), .weighted("chw_supply_temp", by: "cooling_total", coef: -1)],
                          denominator: [.quantity("cooling_total")], target: 5, limit: 3.5, higherIsBetter: true, decimals: 2),
        ] + CommonKPIs.accounting(gas: nil, electricity: [("plant_elec_total", f.gridCO2)], factors: f)
    }

    public static let definition = PlantDefinition(
        id: "moma", title: "MOMA chiller plant", site: "Beijing",
        climate: .beijing, factors: .moma, tags: tags, scenarios: scenarios, measures: [],
        physicalFaults: [.condenserFouling],
        defaultStart: CivilTime(year: 2019, month: 5, day: 1),
        makeKPIs: { kpis($0) },
        makeSimulator: { MOMASimulator(config: $0, seed: $1) })
}
