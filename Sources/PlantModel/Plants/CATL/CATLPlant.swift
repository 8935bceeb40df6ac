/// CATL-SC (Yibin, Sichuan): a battery plant run by the CFMS plant-management system, mostly on
/// hydropower, with a gas-fired steam plant, coating-machine ovens, and four measures that the
/// 2021 carbon-zero programme switched on (published annual savings in tce).
public enum CATLPlant {
    public static let tags = TagRegistry([
        TagSpec("outdoor_temp", "Outdoor dry-bulb", .degreeCelsius, .process, range: -20...50, decimals: 1, noise: 0.1),
        TagSpec("outdoor_rh", "Outdoor relative humidity", .percent, .process, range: 0...100, decimals: 1, noise: 0.5),
        TagSpec("production_rate", "Cells produced", .unitsPerHour, .rate, range: 0...100_000, decimals: 0, noise: 0.01),
        TagSpec("production_total", "Cells produced, counter", .units, .totaliser, range: 0...1e12, decimals: 0, registerLimit: 1e10, integrates: "production_rate"),
        TagSpec("elec_hydro_power", "Electricity from hydropower contracts", .kilowatt, .rate, range: 0...400_000, decimals: 0, noise: 0.003),
        TagSpec("elec_grid_power", "Electricity from the grid mix", .kilowatt, .rate, range: 0...400_000, decimals: 0, noise: 0.003),
        TagSpec("elec_hydro_total", "Hydropower electricity meter", .kilowattHour, .totaliser, range: 0...1e12, decimals: 0, registerLimit: 1e10, integrates: "elec_hydro_power"),
        TagSpec("elec_grid_total", "Grid electricity meter", .kilowattHour, .totaliser, range: 0...1e12, decimals: 0, registerLimit: 1e10, integrates: "elec_grid_power"),
        TagSpec("process_power", "Production lines (excl. ovens)", .kilowatt, .rate, range: 0...300_000, decimals: 0, noise: 0.005),
        TagSpec("aux_power", "Line auxiliaries (exhaust, vacuum, conveyors)", .kilowatt, .rate, range: 0...100_000, decimals: 0, noise: 0.005),
        TagSpec("coating_power", "Coating-machine ovens", .kilowatt, .rate, range: 0...150_000, decimals: 0, noise: 0.005),
        TagSpec("utility_power", "Utilities (chillers, dry rooms, compressed air)", .kilowatt, .rate, range: 0...200_000, decimals: 0, noise: 0.005),
        TagSpec("ovens_run", "Coating ovens coating", .units, .state, range: 0...24, decimals: 0),
        TagSpec("ovens_standby", "Coating ovens in intelligent standby", .units, .state, range: 0...24, decimals: 0),
        TagSpec("ovens_idle", "Coating ovens idle at full heat", .units, .state, range: 0...24, decimals: 0),
        TagSpec("steam_flow", "Steam to production", .tonnePerHour, .rate, range: 0...200, decimals: 2, noise: 0.01),
        TagSpec("steam_total", "Steam meter register", .tonne, .totaliser, range: 0...1e12, decimals: 1, registerLimit: 1e8, integrates: "steam_flow"),
        TagSpec("condensate_flow", "Condensate returned to boiler make-up", .tonnePerHour, .rate, range: 0...200, decimals: 2, noise: 0.01),
        TagSpec("condensate_total", "Condensate meter register", .tonne, .totaliser, range: 0...1e12, decimals: 1, registerLimit: 1e8, integrates: "condensate_flow"),
        TagSpec("condensate_temp", "Condensate return temperature", .degreeCelsius, .process, range: 0...110, decimals: 1, noise: 0.3),
        TagSpec("feedwater_temp", "Boiler feedwater", .degreeCelsius, .process, range: 0...110, decimals: 1, noise: 0.2),
        TagSpec("gas_flow", "Natural gas to boilers", .cubicMetrePerHour, .rate, range: 0...20_000, decimals: 1, noise: 0.01),
        TagSpec("gas_total", "Gas meter register", .cubicMetre, .totaliser, range: 0...1e12, decimals: 0, registerLimit: 1e10, integrates: "gas_flow"),
        TagSpec("steam_pressure", "Steam header pressure (gauge)", .megapascal, .process, range: 0...1.6, decimals: 3, noise: 0.005),
        TagSpec("flue_gas_temp", "Boiler flue gas", .degreeCelsius, .process, range: 0...400, decimals: 1, noise: 0.8),
        TagSpec("flue_o2", "Boiler flue gas O₂ (dry)", .percent, .process, range: 0...21, decimals: 2, noise: 0.08),
        TagSpec("cfms_state", "CFMS optimisation: 0 off / 1 on", .state, .state, range: 0...1, decimals: 0),
    ])

    public static let scenarios = [
        ScenarioInfo("baseline", "no measures: fixed set points, equipment left running, no condensate return, ovens idle hot"),
        ScenarioInfo("carbon-zero-2021", "all four measures (CFMS, scheduling, condensate, coating)", measures: ["cfms", "scheduling", "condensate", "coating"]),
    ]

    public static let measures = [
        MeasureInfo("cfms", "CFMS global optimiser picks utility set points (≈ 8 %, 18 973 tce/yr)"),
        MeasureInfo("scheduling", "quantified operation and scheduling: no needless equipment starts (12 373 tce/yr)"),
        MeasureInfo("condensate", "steam condensate returned as boiler make-up at 80 % (7 539 tce/yr)"),
        MeasureInfo("coating", "coating machines: intelligent standby, balanced oven frequency (16 107 tce/yr)"),
    ]

    public static func kpis(_ f: EnergyFactors) -> [KPIDefinition] {
        let elecTce: [KPITerm] = [.quantity("elec_hydro_total", coef: f.electricityKgce / 1000), .quantity("elec_grid_total", coef: f.electricityKgce / 1000)]
        return [
            KPIDefinition("energy_tce", "Plant energy", .tonneCoalEquivalent,
                          formula: "(elec kWh × \(f.electricityKgce) kgce/kWh + gas m³ × LHV/29.3076 kgce/m³) ÷ 1000",
                          numerator: elecTce + [.quantity("gas_total", coef: f.gasKgce / 1000)], decimals: 1),
            KPIDefinition("renewable_share", "Renewable (hydro) share of electricity", .percent,
                          formula: "Σ elec_hydro_total ÷ (Σ elec_hydro_total + Σ elec_grid_total) × 100",
                          numerator: [.quantity("elec_hydro_total")], denominator: [.quantity("elec_hydro_total"), .quantity("elec_grid_total")],
                          scale: 100, target: 80, limit: 75, higherIsBetter: true, decimals: 1),
            KPIDefinition("condensate_recovery", "Condensate recovery", .percent,
                          formula: "Σ condensate_total [t] ÷ Σ steam_total [t] × 100",
                          numerator: [.quantity("condensate_total")], denominator: [.quantity("steam_total")],
                          scale: 100, target: 80, limit: 70, higherIsBetter: true, decimals: 1),
            KPIDefinition("gas_per_tonne_steam", "Gas per tonne of steam", .cubicMetrePerTonne,
                          formula: "Σ gas_total [m³] ÷ Σ steam_total [t]",
                          numerator: [.quantity("gas_total")], denominator: [.quantity("steam_total")], decimals: 2),
            KPIDefinition("energy_intensity", "Energy per 1000 cells", .kilogramCoalEquivalent,
                          formula: "energy_tce × 1000 kgce/t ÷ Σ production_total × 1000",
                          numerator: elecTce + [.quantity("gas_total", coef: f.gasKgce / 1000)], denominator: [.quantity("production_total")],
                          scale: 1_000_000, decimals: 2),
            KPIDefinition("production", "Cells produced", .units, formula: "Σ production_total [cells]",
                          numerator: [.quantity("production_total")], decimals: 0),
            KPIDefinition("outdoor_temp", "Outdoor dry-bulb", .degreeCelsius, formula: "Σ outdoor_temp·Δt ÷ Σ Δt [°C]",
                          numerator: [.timeIntegral("outdoor_temp")], denominator: [.hours("outdoor_temp")], decimals: 1),
            KPIDefinition("electricity_mwh", "Electricity", .megawattHour, formula: "(Σ elec_hydro_total + Σ elec_grid_total) ÷ 1000",
                          numerator: [.quantity("elec_hydro_total", coef: 0.001), .quantity("elec_grid_total", coef: 0.001)], decimals: 0),
        ] + CommonKPIs.accounting(gas: "gas_total", electricity: [("elec_hydro_total", f.renewableCO2), ("elec_grid_total", f.gridCO2)], factors: f)
    }

    public static let definition = PlantDefinition(
        id: "catl", title: "CATL-SC battery plant (CFMS)", site: "Yibin, Sichuan",
        climate: .yibin, factors: .sichuan, tags: tags, scenarios: scenarios, measures: measures,
        physicalFaults: [.boilerFouling],
        defaultStart: CivilTime(year: 2021, month: 1, day: 1),
        makeKPIs: { kpis($0) },
        makeSimulator: { CATLSimulator(config: $0, seed: $1) })
}
