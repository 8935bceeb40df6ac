/// CATL-SC (Yibin, Sichuan): a battery plant run by the CFMS plant-management system, mostly on
/// hydropower, with a gas-fired steam plant, coating-machine ovens, and four measures that the
/// 2021 carbon-zero programme switched on (published annual savings in tce).
/// Its tags, KPIs, alarms and baselines are in its site file (Sites/catl.yaml).
enum CATLPlant {
    public static let simulator = SimulatorInfo(
        id: "catl",
        tagIDs: [
        "outdoor_temp", "outdoor_rh", "production_rate", "production_total", "elec_hydro_power", "elec_grid_power",
        "elec_hydro_total", "elec_grid_total", "process_power", "aux_power", "coating_power", "utility_power",
        "ovens_run", "ovens_standby", "ovens_idle", "steam_flow", "steam_total", "condensate_flow",
        "condensate_total", "condensate_temp", "feedwater_temp", "gas_flow", "gas_total", "steam_pressure",
        "flue_gas_temp", "flue_o2", "cfms_state", "ovens_heating", "aux_running", "aux_start_rate", "aux_starts_total",
        "feedwater_flow", "boilers_running", "chw_supply_temp", "cw_supply_temp", "cw_return_temp", "cooling_load",
        "chillers_power", "chiller_plant_power", "air_pressure", "compressors_power", "dryroom_power",
        ],
        scenarios: [
            ScenarioInfo("baseline", "no measures: fixed utility set points, whole auxiliary groups started per order, condensate to drain, idle ovens held hot"),
            ScenarioInfo("carbon-zero-2021", "all four measures (CFMS, scheduling, condensate, coating)", measures: ["cfms", "scheduling", "condensate", "coating"]),
        ],
        measures: [
            MeasureInfo("cfms", "CFMS global optimiser picks utility set points (≈ 8 %, 18 973 tce/yr)"),
            MeasureInfo("scheduling", "quantified operation and scheduling: no needless equipment starts (12 373 tce/yr)"),
            MeasureInfo("condensate", "steam condensate returned as boiler make-up at 80 % (7 539 tce/yr)"),
            MeasureInfo("coating", "coating machines: intelligent standby, balanced oven frequency (16 107 tce/yr)"),
        ],
        physicalFaults: [.boilerFouling],
        defaultStart: CivilTime(year: 2021, month: 1, day: 1),
        make: { CATLSimulator(config: $0, seed: $1) })

    static var definition: PlantDefinition { PlantCatalog.plant("catl")! }
}
