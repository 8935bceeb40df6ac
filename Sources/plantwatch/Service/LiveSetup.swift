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

    /// Feeds every plant up to `t`, the plants' clocks moving with it; returns the alarm transitions.
    mutating func advance(to t: Double) -> [AlarmEvent] {
        let (events, reached) = PlantFeed.advance(&sources, &pipelines, recorders: recorders, to: t, age: true)
        time = max(time, reached)
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
}
