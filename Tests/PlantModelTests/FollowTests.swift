import Foundation
import Testing
@testable import PlantModel

@Suite struct FollowSourceTests {
    func append(_ path: String, _ text: String) throws {
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        h.seekToEndOfFile()
        h.write(Data(text.utf8))
        try h.close()
    }

    func drain(_ s: FollowSource) -> [(Double, Int)] {
        var rows: [(Double, Int)] = []
        _ = s.advance(to: .infinity, limit: .max) { rows.append(($0.time, $0.count)) }
        return rows
    }

    @Test func tailsAppendsHalfLinesTruncationAndRotation() throws {
        let plant = HumanwellPlant.definition
        let path = tempFile("")
        let s = FollowSource(path: path, plant: plant, now: 0)
        #expect(drain(s).isEmpty)                                   // empty file: waits for a header
        try append(path, "timestamp,steam_total,gas_total\n2019-01-07T00:00:00+08:00,1,90\n2019-01-07T00:01:00+08:00,2,")
        #expect(drain(s).count == 1)                                // the half-written row waits
        try append(path, "181\n")
        let second = drain(s)
        #expect(second.count == 1 && second[0].1 == 2)
        // Truncated and written afresh (a logger restarting its file).
        try "timestamp,steam_total,gas_total\n2019-01-07T00:02:00+08:00,3,272\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(drain(s).count == 1)
        // Rotated: the path now names a new file.
        let other = path + ".new"
        try "timestamp,steam_total,gas_total\n2019-01-07T00:03:00+08:00,4,363\n2019-01-07T00:04:00+08:00,5,454\n".write(toFile: other, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: other, toPath: path)
        #expect(drain(s).count == 2)
        #expect(s.reopenCount == 2)
        // A row that goes back in time is rejected and counted.
        try append(path, "2019-01-07T00:01:00+08:00,6,545\nnot a time,1,1\n")
        #expect(drain(s).isEmpty)
        #expect(s.tally.byReason[.outOfOrder] == 2 && s.tally.byReason[.badTimestamp] == 1)
    }

    @Test func recordingReplaysAsTheLogItWas() throws {
        let plant = MOMAPlant.definition
        let path = tempFile("", name: "rec.csv")
        var sim = try Simulation(plant: plant, config: ScenarioConfig(scenario: "retrofit-2019", measures: []), seed: 3,
                                 start: CivilTime(year: 2019, month: 7, day: 1).epoch(offset: 8 * 3600), step: 60, duration: 7200,
                                 faults: [FaultSpec(kind: .meterDropout, tag: "plant_power", start: CivilTime(year: 2019, month: 7, day: 1, minute: 30).epoch(offset: 8 * 3600))])
        var source = SimulationSource(simulation: sim)
        var reference = KPIAccumulator(registry: plant.tags, kpis: plant.kpis())
        do {
            let rec = try Recorder(path: path, plant: plant)
            _ = source.advance(to: .infinity, limit: .max) { r in
                rec.record(r)
                var row = Array(repeating: Double.nan, count: plant.tags.count)
                for k in 0..<r.count { row[Int(r.tags[k])] = r.values[k] }
                reference.add(time: r.time, values: row)
            }
            rec.flush(now: 1e9)
        }
        _ = sim
        let (r, reader) = try readReport([path])
        #expect(reader.tally.total == 0)
        #expect(abs(kpi(r, "electricity_kwh")! - reference.value("electricity_kwh")!) < 1e-6)
        #expect(abs(kpi(r, "chiller_cop")! - reference.value("chiller_cop")!) < 1e-9)
    }
}
