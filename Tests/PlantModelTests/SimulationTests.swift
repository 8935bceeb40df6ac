import Foundation
import Testing
@testable import PlantModel

@Suite struct SimulationTests {
    func csv(_ plant: String, _ scenario: String, start: CivilTime, days: Double, step: Double, seed: UInt64, format: LogFormat = .wide, faults: [String] = []) throws -> String {
        let p = PlantCatalog.plant(plant)!
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            var sim = try Simulation(plant: p, config: ScenarioConfig(scenario: scenario, measures: p.scenario(scenario)!.measures), seed: seed,
                                     start: start.epoch(offset: p.utcOffset), step: step, duration: days * 86_400,
                                     faults: try faults.map { try FaultSpec.parse($0, utcOffset: p.utcOffset) })
            var w = CSVLogWriter(registry: p.tags, format: format, utcOffset: p.utcOffset, sink: try ByteSink(path: path))
            w.writeHeader()
            var row: [Double] = []
            while let t = sim.next(into: &row) { w.write(time: t, values: row) }
            w.finish()
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func sameInputsSameBytes() throws {
        for plant in ["catl", "humanwell", "moma"] {
            let scen = PlantCatalog.plant(plant)!.scenarios[0].id
            let a = try csv(plant, scen, start: CivilTime(year: 2019, month: 7, day: 1), days: 0.5, step: 60, seed: 42)
            let b = try csv(plant, scen, start: CivilTime(year: 2019, month: 7, day: 1), days: 0.5, step: 60, seed: 42)
            let c = try csv(plant, scen, start: CivilTime(year: 2019, month: 7, day: 1), days: 0.5, step: 60, seed: 43)
            #expect(a == b)
            #expect(a != c)
            #expect(a.split(separator: "\n").count == 721)
        }
    }

    @Test func wideHeaderCarriesUnitsAndLongHasOneReadingPerRow() throws {
        let wide = try csv("humanwell", "baseline-2019", start: CivilTime(year: 2019, month: 1, day: 1), days: 1 / 24, step: 600, seed: 1)
        let lines = wide.split(separator: "\n")
        #expect(lines[0].hasPrefix("timestamp,steam_flow [t/h],steam_total [t],gas_flow [m3/h]"))
        #expect(lines[1].hasPrefix("2019-01-01T00:00:00+08:00,"))
        #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false).count == HumanwellPlant.definition.tags.count + 1)
        let long = try csv("humanwell", "baseline-2019", start: CivilTime(year: 2019, month: 1, day: 1), days: 1 / 24, step: 600, seed: 1, format: .long)
        let ll = long.split(separator: "\n")
        #expect(ll[0] == "timestamp,tag,value,quality")
        #expect(ll.count == 1 + 6 * HumanwellPlant.definition.tags.count)
        #expect(ll[1].hasPrefix("2019-01-01T00:00:00+08:00,steam_flow,") && ll[1].hasSuffix(",good"))
    }

    @Test func totalisersCountTheTrueFlowAndWrap() throws {
        let p = HumanwellPlant.definition
        let start = CivilTime(year: 2019, month: 3, day: 1).epoch(offset: p.utcOffset)
        let fault = try FaultSpec.parse("totaliser-rollover:gas_total@2019-03-02T06:00", utcOffset: p.utcOffset)
        var sim = try Simulation(plant: p, config: ScenarioConfig(scenario: "baseline-2019", measures: []), seed: 5, start: start, step: 300, duration: 3 * 86_400, faults: [fault])
        var clean = try Simulation(plant: p, config: ScenarioConfig(scenario: "baseline-2019", measures: []), seed: 5, start: start, step: 300, duration: 3 * 86_400)
        let gi = p.tags.index(of: "gas_total")!
        var row: [Double] = [], row2: [Double] = []
        var prev = Double.nan, wrapTime = Double.nan
        var faulted = KPIAccumulator(registry: p.tags, kpis: p.kpis()), reference = KPIAccumulator(registry: p.tags, kpis: p.kpis())
        while let t = sim.next(into: &row), let t2 = clean.next(into: &row2) {
            #expect(t == t2)
            if !prev.isNaN && row[gi] < prev { wrapTime = t }
            prev = row[gi]
            faulted.add(time: t, values: row)
            reference.add(time: t2, values: row2)
        }
        #expect(abs(wrapTime - fault.start) <= 300)
        #expect(faulted.rollovers == 1)
        // The wrap costs no gas: both KPIs agree to the register's resolution.
        #expect(abs(faulted.total("gas_total") - reference.total("gas_total")) < 0.2)
        #expect(abs(faulted.value("gas_per_tonne_steam")! - reference.value("gas_per_tonne_steam")!) < 0.01)
    }

    @Test func meterFaults() throws {
        let text = try csv("moma", "retrofit-2019", start: CivilTime(year: 2019, month: 7, day: 1), days: 1, step: 600, seed: 3,
                           faults: ["stuck-sensor:chw_supply_temp@2019-07-01T06:00", "meter-dropout:plant_power@2019-07-01T12:00"])
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let supply = MOMAPlant.definition.tags.index(of: "chw_supply_temp")! + 1, power = MOMAPlant.definition.tags.index(of: "plant_power")! + 1
        let afterStuck = rows.filter { $0[0] >= "2019-07-01T06:00" }.map { $0[supply] }
        #expect(Set(afterStuck).count == 1)
        #expect(Set(rows.filter { $0[0] < "2019-07-01T06:00" }.map { $0[supply] }).count > 1)
        let empty = rows.filter { $0[power].isEmpty }.map { $0[0] }
        #expect(empty.count == 37)   // 12:00 through 18:00 inclusive at 10-minute steps
        #expect(empty.first == "2019-07-01T12:00:00+08:00")
    }

    @Test func rejectsBadConfigurations() throws {
        let p = MOMAPlant.definition
        #expect(throws: Simulation.ConfigError.self) { try Simulation(plant: p, config: ScenarioConfig(scenario: "nope", measures: []), seed: 1, start: 0, step: 60, duration: 60) }
        #expect(throws: Simulation.ConfigError.self) { try Simulation(plant: p, config: ScenarioConfig(scenario: "legacy-2018", measures: ["cfms"]), seed: 1, start: 0, step: 60, duration: 60) }
        #expect(throws: Simulation.ConfigError.self) { try Simulation(plant: p, config: ScenarioConfig(scenario: "legacy-2018", measures: []), seed: 1, start: 0, step: 0, duration: 60) }
        #expect(throws: Simulation.ConfigError.self) {
            try Simulation(plant: p, config: ScenarioConfig(scenario: "legacy-2018", measures: []), seed: 1, start: 0, step: 60, duration: 60,
                           faults: [FaultSpec(kind: .boilerFouling, start: 0)])
        }
        #expect(throws: Simulation.ConfigError.self) {
            try Simulation(plant: p, config: ScenarioConfig(scenario: "legacy-2018", measures: []), seed: 1, start: 0, step: 60, duration: 60,
                           faults: [FaultSpec(kind: .stuckSensor, tag: "no_such_tag", start: 0)])
        }
    }

    @Test func faultSpecParsing() throws {
        let f = try FaultSpec.parse("stuck-sensor:feedwater_temp@2019-03-02T08:00", utcOffset: 8 * 3600)
        #expect(f.kind == .stuckSensor && f.tag == "feedwater_temp")
        #expect(f.start == CivilTime(year: 2019, month: 3, day: 2, hour: 8).epoch(offset: 8 * 3600))
        #expect(try FaultSpec.parse("boiler-fouling@2019-03-01", utcOffset: 0).tag == nil)
        for bad in ["boiler-fouling", "melting@2019-01-01", "stuck-sensor@2019-01-01", "boiler-fouling:x@2019-01-01", "boiler-fouling@soon"] {
            #expect(throws: FaultSpec.ParseError.self) { try FaultSpec.parse(bad, utcOffset: 0) }
        }
    }

    @Test func numberFormatting() {
        #expect(NumberFormat.string(3.14159, decimals: 2) == "3.14")
        #expect(NumberFormat.string(-0.004, decimals: 2) == "0.00")
        #expect(NumberFormat.string(-2.5, decimals: 1) == "-2.5")
        #expect(NumberFormat.string(0.05, decimals: 3) == "0.050")
        #expect(NumberFormat.string(1234567, decimals: 0) == "1234567")
        #expect(NumberFormat.string(0.5, decimals: 0) == "1")
        #expect(NumberFormat.string(99.995, decimals: 1) == "100.0")
    }
}
