import PlantModel

/// What `live` runs, without the screen: each plant's source and pipeline, the journal and the
/// recordings, at the instant reached. `serve` runs it as it is; `live` puts a dashboard on it.
struct LiveSetup {
    var pipelines: [PlantPipeline]
    var sources: [any ReadingSource]
    var recorders: [Recorder?]
    let journal: AlarmJournal?
    var time: Double
    /// Real-time sources (a followed log, Modbus meters): the clock is the wall clock.
    let followsWallClock: Bool
    let rebuild: () throws -> (monitors: [PlantMonitor], sources: [any ReadingSource])
    /// Per plant, its first scenario alongside (the dashboard's before/after view); nil where the
    /// plant runs that scenario already.
    var before: [(source: any ReadingSource, pipeline: PlantPipeline)?] = []
    /// Per plant fed by a real-time source: its clock, resume state and silence watch.
    var live: [LiveFeed?] = []
    /// What the operator must hear once (a repaired journal, …), until taken.
    var notices = OperatorNotices()

    /// Feeds every plant up to `t`, the plants' clocks moving with it; returns the alarm transitions.
    mutating func advance(to t: Double) -> [AlarmEvent] {
        let (events, reached) = PlantFeed.advance(&sources, &pipelines, recorders: recorders, live: live, to: t, age: true)
        // A real-time source's plant runs on its own clock, which a log's first row may set back.
        time = live.contains { $0 != nil } ? reached : max(time, reached)
        return events
    }

    /// Takes in the history up to `t` at once, without journaling it.
    mutating func warmUp(to t: Double) {
        _ = advance(to: t)
        for i in before.indices {
            guard var b = before[i] else { continue }
            _ = b.source.feed(&b.pipeline, to: t)
            before[i] = b
        }
    }

    /// Journals the events; returns what the operator must hear since the last call.
    mutating func journal(_ events: [AlarmEvent]) -> [String] {
        notices.journal(events, to: journal)
        return notices.take(live: live, recorders: recorders)
    }

    /// Flushes the recordings whole and saves where followed logs were left.
    func finish() {
        for r in recorders { r?.flush(now: .infinity) }
        for (i, f) in live.enumerated() { f?.saveState(recorder: recorders.indices.contains(i) ? recorders[i] : nil) }
    }
}
