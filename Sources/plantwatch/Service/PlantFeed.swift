import PlantModel

/// The step every run loop takes — the dashboard's, `serve`'s, and the warm-up before either:
/// each plant's source hands its rows up to an instant to that plant's pipeline (and recording),
/// and out comes one stream of alarm transitions for the journal, the screen, the log and /metrics.
enum PlantFeed {
    /// Feeds plant i from `sources[i]` into `pipelines[i]` up to `t` (at most `limit` rows each).
    /// `age`: live plants' clocks move to `t` between readings, so stale-data alarms fire; a replay
    /// is evaluated at its rows only, exactly as `report` evaluates the log, so both raise the same
    /// alarms. Returns the transitions and the latest instant reached (−∞ when nothing moved).
    /// `offsets[i]`: seconds plant i's clock runs behind `t` (a plant moved into its season).
    /// `live`: per plant fed by a real-time source, its clock (SourceClock), silence watch and
    /// resume state; such a plant runs on its own clock, not `t`.
    static func advance(_ sources: inout [any ReadingSource], _ pipelines: inout [PlantPipeline], recorders: [Recorder?],
                        live: [LiveFeed?] = [], to t: Double, limit: Int = .max, age: Bool,
                        offsets: [Double] = []) -> (events: [AlarmEvent], reached: Double) {
        var events: [AlarmEvent] = []
        var reached = -Double.infinity
        for i in sources.indices {
            let recorder = recorders.indices.contains(i) ? recorders[i] : nil
            guard let feed = live.indices.contains(i) ? live[i] : nil else {
                let offset = offsets.indices.contains(i) ? offsets[i] : 0
                let (e, last) = sources[i].feed(&pipelines[i], to: t - offset, limit: limit, recorder: recorder)
                events += e
                recorder?.flush(now: monotonic())
                if t.isFinite && age { events += pipelines[i].tick(to: t - offset) }
                reached = max(reached, t.isFinite ? t : last + offset)
                continue
            }
            var plantEvents: [AlarmEvent] = []
            let arrival = wallClock()
            _ = sources[i].advance(to: t, limit: limit) { row in
                if feed.clock.noteRow(time: row.time, arrival: arrival), let text = feed.restartOnLogClock(&pipelines[i]) { feed.notices.append(text) }
                plantEvents += pipelines[i].ingest(row)
                recorder?.record(row)
            }
            recorder?.flush(now: monotonic())
            let clock = feed.clock.now(host: arrival)
            plantEvents += pipelines[i].tick(to: clock)
            plantEvents += feed.settle(&pipelines[i])
            feed.saveState(recorder: recorder)
            feed.past += plantEvents
            events += plantEvents
            reached = max(reached, clock)
        }
        return (events, reached)
    }
}
