import Testing
@testable import PlantModel

@Suite struct ZZExplore {
    func range(_ plantID: String, _ scenario: String, _ from: CivilTime, _ days: Double, _ b: Balance, window: Double, step: Double = 300, faults: [FaultSpec] = []) throws -> String {
        let plant = PlantCatalog.plant(plantID)!
        let scen = plant.scenario(scenario)!
        var sim = try Simulation(plant: plant, config: ScenarioConfig(scenario: scenario, measures: scen.measures), seed: 1,
                                 start: from.epoch(offset: plant.utcOffset), step: step, duration: days * 86_400, faults: faults)
        var w = BalanceWindow(balance: b, length: window, tags: b.tags.map { plant.tags.index(of: $0)! },
                              tolerance: BalanceCheck.subMeterTolerance(plant, "plant_power", ["chillers_power", "chw_pumps_power", "cw_pumps_power", "towers_power"]), lhv: plant.factors.gasLHV)
        var row: [Double] = []
        var lo = Double.infinity, hi = -Double.infinity, n = 0, nonzero = 0
        var first: Double?
        let t0 = from.epoch(offset: plant.utcOffset)
        while let t = sim.next(into: &row) {
            w.add(time: t) { row[$0] }
            let v = w.value(now: t)
            if !v.isNaN { lo = min(lo, v); hi = max(hi, v); n += 1; if v != 0 { nonzero += 1; if first == nil { first = (t - t0) / 3600 } } }
        }
        return "\(plantID) \(scenario) \(b.rawValue) w=\(window): [\(lo), \(hi)] n=\(n) nonzero=\(nonzero) firstNonzero h=\(first ?? -1)"
    }

    @Test func explore() throws {
        var out: [String] = []
        for sc in ["baseline-2019", "recovery-2021"] {
            out.append(try range("humanwell", sc, CivilTime(year: 2021, month: 1, day: 1), 365, .boilerEfficiency, window: 3 * 3600, step: 600))
        }
        out.append(try range("humanwell", "baseline-2019", CivilTime(year: 2019, month: 3, day: 1), 5, .boilerEfficiency, window: 3 * 3600, step: 60,
                             faults: [FaultSpec(kind: .meterBias, tag: "steam_flow", start: CivilTime(year: 2019, month: 3, day: 2).epoch(offset: 8 * 3600))]))
        out.append(try range("humanwell", "baseline-2019", CivilTime(year: 2019, month: 3, day: 1), 5, .boilerEfficiency, window: 3 * 3600, step: 60,
                             faults: [FaultSpec(kind: .meterBias, tag: "gas_flow", start: CivilTime(year: 2019, month: 3, day: 2).epoch(offset: 8 * 3600))]))
        for sc in ["legacy-2018", "retrofit-2019"] {
            for b in [Balance.btuClosure, .carnot, .towerApproach, .subMeters] {
                out.append(try range("moma", sc, CivilTime(year: 2019, month: 5, day: 1), 153, b, window: 3 * 3600, step: 600))
            }
        }
        out.append(try range("moma", "retrofit-2019", CivilTime(year: 2019, month: 7, day: 1), 10, .btuClosure, window: 3 * 3600, step: 300,
                             faults: [FaultSpec(kind: .sensorDrift, tag: "chw_supply_temp", start: CivilTime(year: 2019, month: 7, day: 2).epoch(offset: 8 * 3600))]))
        out.append(try range("moma", "retrofit-2019", CivilTime(year: 2019, month: 7, day: 1), 3, .subMeters, window: 3 * 3600, step: 60,
                             faults: [FaultSpec(kind: .meterBias, tag: "plant_power", start: CivilTime(year: 2019, month: 7, day: 2).epoch(offset: 8 * 3600))]))
        print(out.joined(separator: "\n"))
    }
}
