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
