import PlantModel

/// The run loop: sources feed the monitors as the clock advances, keys become actions, and each
/// refresh renders the state into a frame for the terminal. Alarm events go to the journal as
/// they happen.
final class DashboardApp {
    var state: DashboardState
    private var sources: [any ReadingSource]
    /// The "before" scenario of each plant, for the before/after view (live only).
    var beforeSources: [(any ReadingSource)?] = []
    /// `--record`: per plant, where its readings are written as they arrive.
    var recorders: [Recorder?] = []
    /// Per plant fed by a real-time source: its clock, resume state and silence watch.
    var live: [LiveFeed?] = []
    /// What the operator must hear once (journal repairs and write errors, resumes, clock skew):
    /// the status bar shows the latest, `serve` logs each.
    private var notices: [String] = []
    /// The journal's write error while it lasts, and recordings' (which stop at their first): said once.
    private var journalFailure: String?
    private var recordingFailures: Set<String> = []
    private let rebuild: () throws -> (monitors: [PlantMonitor], sources: [any ReadingSource])
    private let journal: AlarmJournal?
    private let refresh: Double
    private let operatorName: String
    /// Rows one plant may take in per refresh at "max" speed: bounds the work of a frame.
    static let maxRowsPerTick = 20_000

    init(state: DashboardState, sources: [any ReadingSource], journal: AlarmJournal?, refresh: Double, operatorName: String,
         rebuild: @escaping () throws -> (monitors: [PlantMonitor], sources: [any ReadingSource])) {
        self.state = state
        self.sources = sources
        self.journal = journal
        self.refresh = refresh
        self.operatorName = operatorName
        self.rebuild = rebuild
    }

    private func record(_ events: [AlarmEvent]) {
        guard let journal else { return }
        guard !events.isEmpty else { return }
        for e in events { journal.append(e) }
        for i in live.indices { live[i]?.past += events.filter { $0.plant == state.monitors[i].plant.id } }
        let failure = journal.takeFailure()
        if let failure, failure != journalFailure { notices.append(failure) }
        journalFailure = failure
    }

    func note(_ text: String) { notices.append(text) }

    /// The notices since the last call (and the latest on the status bar).
    func takeNotices() -> [String] {
        for r in recorders {
            guard let r else { continue }
            notices += r.takeNotices()
            if let f = r.failure, recordingFailures.insert(f).inserted { notices.append(f) }
        }
        defer { notices = [] }
        if let last = notices.last { state.message = last }
        return notices
    }

    /// Feeds every plant up to `t` (at most `limit` rows each); returns the latest instant reached.
    @discardableResult
    func advance(to t: Double, limit: Int = Int.max, journaling: Bool = true) -> Double {
        var reached = state.simTime
        for i in sources.indices {
            var events: [AlarmEvent] = []
            var last = -Double.infinity
            let recorder = recorders.indices.contains(i) ? recorders[i] : nil
            let feed = live.indices.contains(i) ? live[i] : nil
            let arrival = wallClock()
            _ = sources[i].advance(to: t, limit: limit) { time, tags, values in
                if let feed, feed.clock.noteRow(time: time, arrival: arrival), let text = feed.restartOnLogClock(&state.monitors[i]) { notices.append(text) }
                events += state.monitors[i].ingest(time: time, tags: tags, values: values)
                recorder?.record(time: time, tags: tags, values: values)
                last = time
            }
            recorder?.flush(now: monotonic())
            // Live plants age between readings (stale alarms); a replay is evaluated at its rows
            // only, exactly as `report` evaluates it, so both raise the same alarms. A real-time
            // source's plant runs on its own clock (the log's, for a followed log).
            let clock = feed.map { $0.clock.now(host: arrival) } ?? t
            if t.isFinite && state.mode == .live { events += state.monitors[i].tick(to: clock) }
            if let feed {
                events += feed.settle(&state.monitors[i], notices: &notices)
                feed.saveState(recorder: recorder, notices: &notices)
            }
            if journaling { record(events) }
            reached = feed != nil ? clock : max(reached, t.isFinite ? t : last)
        }
        for i in beforeSources.indices {
            guard var src = beforeSources[i], var m = state.before[i] else { continue }
            _ = src.advance(to: t, limit: limit) { time, tags, values in _ = m.ingest(time: time, tags: tags, values: values) }
            beforeSources[i] = src
            state.before[i] = m
        }
        let exhausted = sources.allSatisfy { $0.nextTime == nil }
        if state.mode == .replay && exhausted {
            state.finished = true
            if let end = sources.compactMap(\.endTime).max() { reached = min(reached, end) }
        }
        return reached
    }

    /// Applies what the run loop owns: the clock (step, seek) and the journal.
    func handle(_ action: Action) {
        switch action {
        case .stepForward:
            if state.mode == .replay || state.paused {
                let step = state.mode == .replay ? 3600.0 : 60
                state.simTime = advance(to: state.simTime + step)
            } else {
                state.message = "pause first (space) to step"
            }
        case .stepBack:
            guard state.mode == .replay else { state.message = "seeking back works in replay"; return }
            let target = max(sources.map(\.startTime).min() ?? state.simTime, state.simTime - 3600)
            do {
                let fresh = try rebuild()
                sources = fresh.sources
                state.monitors = fresh.monitors
                state.finished = false
                // The same rows again, up to the target: the same KPIs and alarms as the first time.
                state.simTime = sources.map(\.startTime).min() ?? target
                state.simTime = advance(to: target, journaling: false)
            } catch {
                state.message = "cannot seek: \(error)"
            }
        default:
            record(state.apply(action, operatorName: operatorName))
        }
    }

    /// Flushes recordings (journals are written per event already).
    func finish() {
        for r in recorders { r?.flush(now: .infinity) }
        for (i, f) in live.enumerated() { f?.saveState(recorder: recorders.indices.contains(i) ? recorders[i] : nil, notices: &notices) }
    }

    /// A real-time source (followed log, Modbus) runs on its own clock whatever the speed keys say.
    var followsWallClock = false

    /// One clock tick of `wall` seconds.
    func tick(wall: Double) {
        for i in sources.indices where i < state.sourceLabels.count { state.sourceLabels[i] = sources[i].label }
        if followsWallClock {
            // The plant's own clock (SourceClock): never behind, but a log's first row may set it back.
            state.simTime = advance(to: wallClock())
            return
        }
        guard !state.paused, !state.finished else { return }
        if state.speed.isInfinite {
            state.simTime = advance(to: .infinity, limit: DashboardApp.maxRowsPerTick)
        } else {
            state.simTime = advance(to: state.simTime + wall * state.speed)
        }
    }

    /// Runs until quit. The first frame is drawn as soon as the terminal is open.
    func run(terminal: NcursesTerminal) {
        var size = terminal.size
        state.width = size.width
        state.height = size.height
        _ = takeNotices()
        terminal.draw(DashboardRenderer.render(state))
        var last = monotonic()
        var nextFrame = last + refresh
        while !state.quit {
            // With a recording, wake at least once a second so that it is flushed that often.
            let wait = Int(max(0, (min(nextFrame, recorders.contains { $0 != nil } ? monotonic() + 1 : nextFrame) - monotonic()) * 1000))
            if let key = terminal.readKey(timeoutMs: wait) {
                if key == KEY_RESIZE_CODE {
                    size = terminal.size
                    terminal.invalidate()
                    record(state.apply(.resize(size.width, size.height), operatorName: operatorName))
                } else if let action = Action.from(key: key) {
                    handle(action)
                } else if state.showHelp || state.shelvePrompt {
                    // Any key closes the help; an unknown key cancels the shelve prompt.
                    handle(.cancel)
                }
                terminal.draw(DashboardRenderer.render(state))
                continue
            }
            let now = monotonic()
            if now < nextFrame {
                for r in recorders { r?.flush(now: now) }
                continue
            }
            tick(wall: now - last)
            _ = takeNotices()
            last = now
            nextFrame = now + refresh
            terminal.draw(DashboardRenderer.render(state))
        }
    }
}

/// Seconds on a monotonic clock.
func monotonic() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Wall-clock seconds since the epoch.
func wallClock() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
