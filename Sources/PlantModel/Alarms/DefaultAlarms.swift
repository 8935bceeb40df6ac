/// Each plant's alarm rules out of the box. KPI alarms look at the 1-hour window and wait
/// 10 minutes before activating (energy KPIs on minute data; energy-reference.md §5.3); limits
/// come from the published cases and the FDD rules of §5.1–5.2.
public enum DefaultAlarms {
    /// Stuck-sensor rules (§5.1 "sensor sanity: unchanged for > 1 h"): a live analogue value never
    /// repeats exactly for an hour; a frozen one does.
    static func flatline(_ tags: [String]) -> [AlarmRule] {
        tags.map { AlarmRule(id: "\($0)-flatline", target: $0, kind: .flatline, limit: 3600, priority: .low,
                             message: "\($0) has not changed for {value}: stuck sensor? check the transmitter") }
    }

    public static func rules(for plantID: String) -> [AlarmRule] {
        switch plantID {
        case "humanwell":
            return [
                AlarmRule(id: "gas-per-tonne-high", target: "gas_per_tonne_steam", kind: .high, limit: 91.03, deadband: 0.5, onDelay: 600, offDelay: 600,
                          priority: .high, message: "gas per tonne of steam {value} above the 2019 average {limit}: check make-up temperature and recovery"),
                AlarmRule(id: "gas-per-tonne-target", target: "gas_per_tonne_steam", kind: .high, limit: 87.91, deadband: 0.5, onDelay: 600, offDelay: 600,
                          priority: .low, message: "gas per tonne of steam {value} above the 3 % target {limit}"),
                AlarmRule(id: "flue-gas-hot", target: "flue_gas_temp", kind: .high, limit: 285, deadband: 3, onDelay: 900, offDelay: 300,
                          priority: .medium, message: "flue gas {value} above {limit}: soot or scale, ≈ 1 % efficiency per 22 K"),
                AlarmRule(id: "excess-o2", target: "flue_o2", kind: .high, limit: 5, deadband: 0.3, onDelay: 900, offDelay: 300,
                          priority: .medium, message: "flue O₂ {value} above {limit}: excess air, trim the burner"),
                AlarmRule(id: "gas-meter-stale", target: "gas_total", kind: .stale, limit: 300, priority: .high,
                          message: "gas meter silent for {value}: data lost, KPIs uncertain"),
                AlarmRule(id: "steam-meter-stale", target: "steam_total", kind: .stale, limit: 300, priority: .high,
                          message: "steam meter silent for {value}: data lost, KPIs uncertain"),
                AlarmRule(id: "gas-flow-bad", target: "gas_flow", kind: .badQuality, limit: 0.5, priority: .medium,
                          message: "gas flow reading flagged bad by its source"),
            ] + flatline(["feedwater_temp", "flue_gas_temp", "flue_o2", "steam_pressure", "steam_flow", "gas_flow"])
        case "moma":
            return [
                AlarmRule(id: "chiller-cop-low", target: "chiller_cop", kind: .low, limit: 4.7, deadband: 0.1, onDelay: 600, offDelay: 600,
                          priority: .medium, message: "chiller COP {value} below GB 19577 grade 3 ({limit}): check condenser fouling and charge"),
                AlarmRule(id: "plant-cop-low", target: "plant_cop", kind: .low, limit: 3.0, deadband: 0.1, onDelay: 600, offDelay: 600,
                          priority: .low, message: "plant COP {value} below {limit}: pumps and towers outweigh the chillers"),
                AlarmRule(id: "low-delta-t", target: "chw_delta_t", kind: .low, limit: 3.5, deadband: 0.2, onDelay: 1800, offDelay: 600,
                          priority: .low, message: "chilled-water ΔT {value} below {limit}: low ΔT syndrome, over-pumping or bypass"),
                AlarmRule(id: "condenser-water-hot", target: "cw_supply_temp", kind: .high, limit: 32, deadband: 0.5, onDelay: 600, offDelay: 300,
                          priority: .high, message: "condenser water {value} above {limit}: tower fan, fill or scaling fault"),
                AlarmRule(id: "plant-meter-stale", target: "plant_elec_total", kind: .stale, limit: 300, priority: .high,
                          message: "plant electricity meter silent for {value}"),
            ] + flatline(["outdoor_temp", "wet_bulb", "chw_supply_temp", "chw_return_temp", "cw_supply_temp", "cw_return_temp"])
        case "catl":
            return [
                AlarmRule(id: "condensate-low", target: "condensate_recovery", kind: .low, limit: 70, deadband: 1, onDelay: 600, offDelay: 600,
                          priority: .high, message: "condensate recovery {value} below {limit}: traps, return pumps or a diverted line"),
                AlarmRule(id: "renewable-share-low", target: "renewable_share", kind: .low, limit: 80, deadband: 0.5, onDelay: 3600, offDelay: 600,
                          priority: .low, message: "hydro share {value} below {limit}: check the green-power contract dispatch"),
                AlarmRule(id: "flue-gas-hot", target: "flue_gas_temp", kind: .high, limit: 210, deadband: 3, onDelay: 900, offDelay: 300,
                          priority: .medium, message: "boiler flue gas {value} above {limit}: soot or scale"),
                AlarmRule(id: "excess-o2", target: "flue_o2", kind: .high, limit: 5, deadband: 0.3, onDelay: 900, offDelay: 300,
                          priority: .medium, message: "boiler flue O₂ {value} above {limit}: excess air"),
                AlarmRule(id: "gas-meter-stale", target: "gas_total", kind: .stale, limit: 300, priority: .high,
                          message: "gas meter silent for {value}"),
                AlarmRule(id: "grid-meter-stale", target: "elec_grid_total", kind: .stale, limit: 300, priority: .high,
                          message: "grid electricity meter silent for {value}"),
            ] + flatline(["outdoor_temp", "feedwater_temp", "flue_gas_temp", "steam_flow", "gas_flow", "utility_power"])
        default:
            return []
        }
    }
}
