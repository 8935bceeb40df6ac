/// Humanwell (Yichang, Hubei): a gas-fired saturated-steam boiler for a pharmaceutical site,
/// with no condensate return; its make-up water is pre-heated by recovered hot drains and
/// air-compressor heat (2020: lyophilisation drains; 2021: + low-dose drains + compressor heat).
/// Its tags, KPIs, alarms and baselines are in its site file (Sites/humanwell.yaml); this is
/// what the physics offers.
enum HumanwellPlant {
    public static let simulator = SimulatorInfo(
        id: "humanwell",
        tagIDs: [
        "steam_flow", "steam_total", "gas_flow", "gas_total", "steam_pressure", "feedwater_temp", "makeup_flow",
        "mains_temp", "recovery_flow", "recovery_temp", "compressor_heat_temp", "flue_gas_temp", "flue_o2",
        "outdoor_temp", "boiler_state", "recovery_pump", "elec_power", "elec_total",
        ],
        scenarios: [
            ScenarioInfo("baseline-2019", "no heat recovery: make-up water at mains temperature (2019: 91.03 m³/t)"),
            ScenarioInfo("recovery-2020", "+ 60 °C and 80 °C lyophilisation drains into make-up (2020: 87.0 m³/t)", measures: ["lyo-drains"]),
            ScenarioInfo("recovery-2021", "+ 90 °C low-dose drains and 65 °C compressor heat (2021: 85.9 m³/t)", measures: ["lyo-drains", "lowdose-drains", "compressor-heat"]),
        ],
        measures: [
            MeasureInfo("lyo-drains", "recover 60/80 °C lyophilisation workshop drains (I, II) into boiler make-up"),
            MeasureInfo("lowdose-drains", "recover 90 °C low-dose injection workshop drains"),
            MeasureInfo("compressor-heat", "recover 65 °C air-compressor heat (lyophilisation line one)"),
        ],
        physicalFaults: [.boilerFouling, .recoveryPumpTrip],
        defaultStart: CivilTime(year: 2019, month: 1, day: 1),
        make: { HumanwellSimulator(config: $0, seed: $1) })

    static var definition: PlantDefinition { PlantCatalog.plant("humanwell")! }
}
