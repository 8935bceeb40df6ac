import Foundation
import Testing
@testable import plantwatch
@testable import PlantModel

/// The clock-skew alarm a followed log's plant carries (issue 15): raised once, cleared when the
/// log catches up, restored rather than raised again after a restart.
@Suite struct LiveFeedTests {
    let plant = HumanwellPlant.definition
    let host = 1_764_000_000.0
    let jan7 = 1_546_790_400.0

    func feed(offset: Double?) -> LiveFeed {
        let rules = plant.alarmRules + [SourceClock.skewRule()]
        return LiveFeed(clock: SourceClock(kind: .ownTimestamps, offset: offset), origin: "the followed log x.csv", followed: nil,
                        stateFile: nil, past: [], startHost: host, remake: { events in
                            var m = try PlantMonitor(plant: plant, rules: rules)
                            m.restoreAlarms(from: events)
                            return m
                        })
    }

    @Test func skewIsRaisedOnceClearedOnCatchingUpAndRestoredNotRaisedAgain() throws {
        let f = feed(offset: nil)
        var m = try f.remake([])
        #expect(f.settle(&m).isEmpty)                                    // no row yet: no clock, no skew
        let back = f.clock.noteRow(time: jan7, arrival: host)
        #expect(back)
        _ = m.tick(to: f.clock.now(host: host))
        let raised = f.settle(&m)
        #expect(raised.map(\.alarm) == ["source-clock"] && raised[0].event == .activate && raised[0].time == jan7)
        #expect(f.takeNotices() == [f.clock.skewMessage])
        #expect(f.settle(&m).isEmpty && f.takeNotices().isEmpty)           // once
        // The log catches up with the host: cleared.
        f.clock.noteRow(time: host + 10 - 2, arrival: host + 10)
        _ = m.tick(to: f.clock.now(host: host + 10))
        let cleared = f.settle(&m)
        #expect(cleared.map(\.event) == [.clear])
        // A restart on the saved (skewed) offset with the journal's activation: nothing raised again.
        let g = feed(offset: jan7 - host)
        var restored = try g.remake(raised)
        _ = restored.tick(to: g.clock.now(host: host + 60))
        #expect(g.settle(&restored).isEmpty)
        #expect(restored.alarms.alarms[restored.alarms.index(of: "source-clock")!].active)
    }
}

/// A followed log's tags are timed as `report` times them: learned from what the log holds when
/// following starts (a 15-minute export reads as one), the site file's while it holds too little.
@Suite struct FollowTimingTests {
    @Test func aFollowedLogsTimingIsLearnedFromItsContent() throws {
        let p = HumanwellPlant.definition
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("quarter.csv").path
        var sim = try Simulation(plant: p, config: ScenarioConfig(scenario: "baseline-2019", measures: []), seed: 1,
                                 start: CivilTime(year: 2019, month: 1, day: 7).epoch(offset: p.utcOffset), step: 900, duration: 86_400, faults: [])
        var w = CSVLogWriter(registry: p.tags, format: .wide, utcOffset: p.utcOffset, sink: try ByteSink(path: path))
        w.writeHeader()
        var row: [Double] = []
        while let t = sim.next(into: &row) { w.write(time: t, values: row) }
        w.finish()
        let gas = try #require(p.tags.index(of: "gas_flow"))
        func interval(_ file: String) throws -> Double {
            let live = try LiveCommand.parse(["--follow", file, "--plant", "humanwell", "--no-journal"])
            return try live.makeSetup().pipelines[0].slots.timing.interval[gas]
        }
        #expect(p.tags.tags[gas].interval == 60)
        #expect(try interval(path) == 900)
        // Only the header so far: the site file's minute.
        let empty = dir.appendingPathComponent("empty.csv").path
        FileManager.default.createFile(atPath: empty, contents: Data((try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0] + "\n").utf8))
        #expect(try interval(empty) == 60)
    }
}
