/// Wanguocheng MOMA (Beijing): the chiller plant in LB2 of building 12# serving buildings 3#
/// and 12# (radiant ceilings + displacement fresh air), cooling season May–September.
/// legacy-2018: two worn 981 kW centrifugal chillers (COP 3.93), constant-speed pumps.
/// retrofit-2019: a maglev centrifugal (lead) and a screw (lag), VSD pumps, automatic control.
/// Its tags, KPIs, alarms and baselines are in its site file (Sites/moma.yaml).
enum MOMAPlant {
    public static let simulator = SimulatorInfo(
        id: "moma",
        tagIDs: [
        "outdoor_temp", "outdoor_rh", "wet_bulb", "chw_supply_temp", "chw_return_temp", "chw_flow", "cw_supply_temp",
        "cw_return_temp", "cooling_power", "cooling_total", "ch1_power", "ch2_power", "chillers_power",
        "chillers_elec_total", "chw_pumps_power", "cw_pumps_power", "towers_power", "plant_power",
        "plant_elec_total", "ch1_state", "ch2_state", "pumps_running",
        ],
        scenarios: [
            ScenarioInfo("legacy-2018", "two worn 981 kW centrifugal chillers (COP 3.93), constant-speed pumps"),
            ScenarioInfo("retrofit-2019", "maglev centrifugal + screw chiller, VSD pumps, automatic control (−608 MWh per season)"),
        ],
        physicalFaults: [.condenserFouling],
        defaultStart: CivilTime(year: 2019, month: 5, day: 1),
        // The machines the site file's chiller-curve check may name.
        chillerCurves: [
            "moma-legacy": MOMASimulator.legacyMachine,
            "moma-maglev": ReformulatedEIRChiller(MOMASimulator.maglevChiller),
            "moma-screw": ReformulatedEIRChiller(MOMASimulator.screwChiller),
        ],
        season: 5...9,
        make: { MOMASimulator(config: $0, seed: $1) })

    static var definition: PlantDefinition { PlantCatalog.plant("moma")! }
}
