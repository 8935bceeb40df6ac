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
    /// Per plant: seconds its clock runs behind `time` (an out-of-season plant, see SeasonClock).
    var offsets: [Double] = []
    /// The journal's entries from before this run.
    var past: [AlarmEvent] = []
    /// The long history, still being simulated in the background (the dashboard adopts it).
    var history: HistoryLoader?
    /// Per plant fed by a real-time source: its clock, resume state and silence watch.
    var live: [LiveFeed?] = []
    /// What the operator must hear once (a repaired journal, …), until taken.
    var notices = OperatorNotices()

    /// Feeds every plant up to `t`, the plants' clocks moving with it; returns the alarm transitions.
    mutating func advance(to t: Double) -> [AlarmEvent] {
        let (events, reached) = PlantFeed.advance(&sources, &pipelines, recorders: recorders, live: live, to: t, age: true, offsets: offsets)
        // A real-time source's plant runs on its own clock, which a log's first row may set back.
        time = live.contains { $0 != nil } ? reached : max(time, reached)
        return events
    }

    /// Takes over the background history once it is done (serve's side of what the dashboard does
    /// in DashboardApp.adoptHistoryIfReady): its pipelines are fed up to `time` unpublished, since
    /// the short history's pipelines already published those transitions. Returns what happened.
    mutating func adoptHistoryIfReady() -> Result<Int, any Error>? {
        guard let loader = history else { return nil }
        loader.start()
        guard let result = loader.take() else { return nil }
        history = nil
        switch result {
        case .failure(let e): return .failure(e)
        case .success(let runs):
            sources = runs.sources
            pipelines = runs.monitors
            before = zip(runs.beforeSources, runs.before).map { s, m in s.flatMap { s in m.map { (s, $0) } } }
            // The rows since the start are recorded already, by the short history's pipelines.
            let now = time, recording = recorders
            recorders = []
            warmUp(to: now)
            recorders = recording
            time = now
            for i in pipelines.indices { pipelines[i].restoreAlarms(from: past) }
            return .success(Int(loader.days))
        }
    }

    /// Takes in the history up to `t` at once, without journaling it.
    mutating func warmUp(to t: Double) {
        _ = advance(to: t)
        for i in before.indices {
            guard var b = before[i] else { continue }
            _ = b.source.feed(&b.pipeline, to: t - (offsets.indices.contains(i) ? offsets[i] : 0))
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
