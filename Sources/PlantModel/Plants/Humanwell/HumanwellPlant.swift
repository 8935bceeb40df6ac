/// Humanwell (Yichang, Hubei): a gas-fired saturated-steam boiler for a pharmaceutical site,
/// with no condensate return; its make-up water is pre-heated by recovered hot drains and
/// air-compressor heat (2020: lyophilisation drains; 2021: + low-dose drains + compressor heat).
public enum HumanwellPlant {
    public static let tags = TagRegistry([
        TagSpec("steam_flow", "Boiler steam output", .tonnePerHour, .rate, range: 0...12, decimals: 3, noise: 0.01),
        TagSpec("steam_total", "Steam meter register", .tonne, .totaliser, range: 0...1e9, decimals: 2, registerLimit: 1e7, integrates: "steam_flow"),
        TagSpec("gas_flow", "Natural gas to boiler", .cubicMetrePerHour, .rate, range: 0...1200, decimals: 2, noise: 0.01),
        TagSpec("gas_total", "Gas meter register (flow computer)", .cubicMetre, .totaliser, range: 0...1e9, decimals: 1, registerLimit: 1e8, integrates: "gas_flow"),
        TagSpec("steam_pressure", "Steam header pressure (gauge)", .megapascal, .process, range: 0...1.6, decimals: 3, noise: 0.005),
        TagSpec("feedwater_temp", "Boiler feedwater (make-up tank outlet)", .degreeCelsius, .process, range: 0...105, decimals: 1, noise: 0.2),
        TagSpec("makeup_flow", "Make-up water to boiler", .tonnePerHour, .rate, range: 0...14, decimals: 3, noise: 0.01),
        TagSpec("mains_temp", "Cold mains water", .degreeCelsius, .process, range: 0...40, decimals: 1, noise: 0.15),
        TagSpec("recovery_flow", "Recovered hot water to make-up tank", .tonnePerHour, .rate, range: 0...14, decimals: 3, noise: 0.015),
        TagSpec("recovery_temp", "Recovered water after cold-water blending", .degreeCelsius, .process, range: 0...100, decimals: 1, noise: 0.3),
        TagSpec("compressor_heat_temp", "Compressor heat-recovery water outlet", .degreeCelsius, .process, range: 0...100, decimals: 1, noise: 0.3),
        TagSpec("flue_gas_temp", "Flue gas at boiler outlet", .degreeCelsius, .process, range: 0...400, decimals: 1, noise: 0.8),
        TagSpec("flue_o2", "Flue gas O₂ (dry)", .percent, .process, range: 0...21, decimals: 2, noise: 0.08),
        TagSpec("outdoor_temp", "Outdoor dry-bulb (combustion air)", .degreeCelsius, .process, range: -30...50, decimals: 1, noise: 0.1),
        TagSpec("boiler_state", "Boiler: 0 off / 1 low fire / 2 high fire", .state, .state, range: 0...2, decimals: 0),
        TagSpec("recovery_pump", "Recovery pump: 0 off / 1 run", .state, .state, range: 0...1, decimals: 0),
        TagSpec("elec_power", "Boiler house electricity (fans, pumps)", .kilowatt, .rate, range: 0...200, decimals: 1, noise: 0.02),
        TagSpec("elec_total", "Boiler house electricity meter", .kilowattHour, .totaliser, range: 0...1e9, decimals: 1, registerLimit: 1e8, integrates: "elec_power"),
    ])

    public static let scenarios = [
        ScenarioInfo("baseline-2019", "no heat recovery: make-up water at mains temperature (2019: 91.03 m³/t)"),
        ScenarioInfo("recovery-2020", "+ 60 °C and 80 °C lyophilisation drains into make-up (2020: 87.0 m³/t)", measures: ["lyo-drains"]),
        ScenarioInfo("recovery-2021", "+ 90 °C low-dose drains and 65 °C compressor heat (2021: 85.9 m³/t)", measures: ["lyo-drains", "lowdose-drains", "compressor-heat"]),
    ]

    public static let measures = [
        MeasureInfo("lyo-drains", "recover 60/80 °C lyophilisation workshop drains (I, II) into boiler make-up"),
        MeasureInfo("lowdose-drains", "recover 90 °C low-dose injection workshop drains"),
        MeasureInfo("compressor-heat", "recover 65 °C air-compressor heat (lyophilisation line one)"),
    ]

    public static func kpis(_ f: EnergyFactors) -> [KPIDefinition] {
        [
            KPIDefinition("gas_per_tonne_steam", "Gas per tonne of steam", .cubicMetrePerTonne,
                          formula: "Σ gas_total [m³] ÷ Σ steam_total [t]",
                          numerator: [.quantity("gas_total")], denominator: [.quantity("steam_total")],
                          target: 87.91, limit: 91.03, decimals: 2),
            KPIDefinition("feedwater_temp", "Feedwater temperature (steam-weighted)", .degreeCelsius,
                          formula: "Σ feedwater_temp·Δsteam ÷ Σ Δsteam [°C]",
                          numerator: [.weighted("feedwater_temp", by: "steam_total")], denominator: [.quantity("steam_total")],
                          target: 45, higherIsBetter: true, decimals: 1),
            KPIDefinition("mains_temp", "Mains (cold make-up) water temperature", .degreeCelsius,
                          formula: "Σ mains_temp·Δt ÷ Σ Δt [°C]",
                          numerator: [.timeIntegral("mains_temp")], denominator: [.hours("mains_temp")], decimals: 1),
            KPIDefinition("recovery_effectiveness", "Make-up heating achieved", .percent,
                          formula: "Σ (feedwater_temp − mains_temp)·Δt ÷ Σ (65 °C − mains_temp)·Δt × 100: the share of the heating the 65 °C pump limit allows",
                          numerator: [.timeIntegral("feedwater_temp"), .timeIntegral("mains_temp", coef: -1)],
                          denominator: [.hours("mains_temp", coef: HumanwellSimulator.pumpLimit), .timeIntegral("mains_temp", coef: -1)],
                          scale: 100, higherIsBetter: true, decimals: 1),
            KPIDefinition("flue_gas_temp", "Flue gas temperature", .degreeCelsius, formula: "Σ flue_gas_temp·Δt ÷ Σ Δt [°C]",
                          numerator: [.timeIntegral("flue_gas_temp")], denominator: [.hours("flue_gas_temp")], decimals: 1),
            KPIDefinition("steam_t", "Steam produced", .tonne, formula: "Σ steam_total [t]", numerator: [.quantity("steam_total")], decimals: 1),
            KPIDefinition("gas_m3", "Gas burned", .cubicMetre, formula: "Σ gas_total [m³]", numerator: [.quantity("gas_total")], decimals: 0),
        ] + CommonKPIs.accounting(gas: "gas_total", electricity: [("elec_total", f.gridCO2)], factors: f)
    }

    public static let definition = PlantDefinition(
        id: "humanwell", title: "Humanwell steam boiler", site: "Yichang, Hubei",
        climate: .yichang, factors: .hubei, tags: tags, scenarios: scenarios, measures: measures,
        physicalFaults: [.boilerFouling, .recoveryPumpTrip],
        defaultStart: CivilTime(year: 2019, month: 1, day: 1),
        makeKPIs: { kpis($0) },
        makeSimulator: { HumanwellSimulator(config: $0, seed: $1) })
}
