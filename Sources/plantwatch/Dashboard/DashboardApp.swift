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
    /// What the operator must hear once: the status bar shows the latest.
    private var notices = OperatorNotices()
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
        if history != nil { sessionEvents += events.filter { $0.event == .acknowledge || $0.event == .shelve || $0.event == .unshelve } }
        notices.journal(events, to: journal)
    }

    func note(_ text: String) { notices.note(text) }

    /// The notices since the last call (and the latest on the status bar).
    func takeNotices() -> [String] {
        let all = notices.take(live: live, recorders: recorders)
        if let last = all.last { state.message = last }
        return all
    }

    /// Feeds every plant up to `t` (at most `limit` rows each); returns the latest instant reached.
    /// A plant whose clock is offset (out of season) is fed up to its own time.
    @discardableResult
    func advance(to t: Double, limit: Int = Int.max, journaling: Bool = true) -> Double {
        let (events, fed) = PlantFeed.advance(&sources, &state.monitors, recorders: recorders, live: live, to: t, limit: limit,
                                              age: state.mode == .live, offsets: state.clockOffsets)
        if journaling { record(events) }
        // What the logs being read rejected, for the handover view (a simulation or Modbus has no log).
        state.rejects = sources.map { ($0 as? ReplaySource)?.tally ?? ($0 as? FollowSource)?.tally }
        // A real-time source's plant runs on its own clock, which a log's first row may set back.
        var reached = live.contains { $0 != nil } ? fed : max(state.simTime, fed)
        for i in beforeSources.indices {
            guard var src = beforeSources[i], var m = state.before[i] else { continue }
            _ = src.feed(&m, to: t - state.clockOffset(i), limit: limit)
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

    /// The long history, simulated in the background (see HistoryLoader).
    var history: HistoryLoader?
    /// Journal entries of this session, restored onto the adopted history's alarms.
    private var sessionEvents: [AlarmEvent] = []
    /// Journal entries from before this session.
    var pastEvents: [AlarmEvent] = []

    /// Takes over the background history once it is done: its monitors are fed up to the
    /// dashboard's clock (unjournaled: those alarms were journaled as the short history raised
    /// them) and the operator's acknowledgements and shelvings are applied to them again.
    func adoptHistoryIfReady() {
        guard let loader = history else { return }
        loader.start()
        state.historyProgress = loader.progress
        guard let result = loader.take() else { return }
        history = nil
        state.historyProgress = nil
        switch result {
        case .failure(let e):
            state.message = "history not simulated: \(e)"
        case .success(let runs):
            sources = runs.sources
            state.monitors = runs.monitors
            beforeSources = runs.beforeSources
            state.before = runs.before
            // The rows since the start are journaled and recorded already, by the short history's monitors.
            let recording = recorders
            recorders = []
            advance(to: state.simTime, journaling: false)
            recorders = recording
            for i in state.monitors.indices { state.monitors[i].restoreAlarms(from: pastEvents + sessionEvents) }
            let n = state.alarmRows.count
            if state.selectedAlarm >= n { state.selectedAlarm = max(0, n - 1) }
        }
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
            seekBack(by: 3600)
        default:
            record(state.apply(action, operatorName: operatorName))
        }
    }

    /// Replay: goes back `seconds` (not before the log's start). A replay goes back to its latest
    /// checkpoint before the target; a source that keeps none is built afresh and fed from its
    /// start. Either way the same rows are fed again up to the target: the same KPIs and alarms.
    func seekBack(by seconds: Double) {
        let target = max(sources.map(\.startTime).min() ?? state.simTime, state.simTime - seconds)
        do {
            var rewound = true
            for i in sources.indices where rewound {
                rewound = sources[i].seekBack(to: target - state.clockOffset(i), &state.monitors[i])
            }
            if !rewound {
                let fresh = try rebuild()
                sources = fresh.sources
                state.monitors = fresh.monitors
            }
            state.finished = false
            state.simTime = sources.map(\.startTime).min() ?? target
            state.simTime = advance(to: target, journaling: false)
        } catch {
            state.message = "cannot seek: \(error)"
        }
    }

    /// Flushes recordings (journals are written per event already).
    func finish() {
        for r in recorders { r?.flush(now: .infinity) }
        for (i, f) in live.enumerated() { f?.saveState(recorder: recorders.indices.contains(i) ? recorders[i] : nil) }
    }

    /// A real-time source (followed log, Modbus) runs on its own clock whatever the speed keys say.
    var followsWallClock = false

    /// One clock tick of `wall` seconds.
    func tick(wall: Double) {
        adoptHistoryIfReady()
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
    func run(terminal: any TerminalBackend) {
        let size = terminal.size
        state.width = size.width
        state.height = size.height
        _ = takeNotices()
        terminal.draw(DashboardRenderer.render(state))
        history?.start()
        var last = monotonic()
        var nextFrame = last + refresh
        while !state.quit {
            // With a recording, wake at least once a second so that it is flushed that often.
            let wait = Int(max(0, (min(nextFrame, recorders.contains { $0 != nil } ? monotonic() + 1 : nextFrame) - monotonic()) * 1000))
            if let input = terminal.readInput(timeoutMs: wait) {
                handle(input, terminal: terminal)
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

    /// A key or a mouse report, turned into an action.
    func handle(_ input: InputEvent, terminal: any TerminalBackend) {
        switch input {
        case .key(KEY_RESIZE_CODE):
            let size = terminal.size
            terminal.invalidate()
            record(state.apply(.resize(size.width, size.height), operatorName: operatorName))
        case .key(let key):
            if state.searchInput != nil {
                if let action = Action.typing(key: key) { handle(action) }
            } else if let action = Action.from(key: key) {
                handle(action)
            } else if state.showHelp || state.shelvePrompt {
                // Any key closes the help; an unknown key cancels the shelve prompt.
                handle(.cancel)
            }
        case .mouse(let m):
            if let action = Action.from(mouse: m) { handle(action) }
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
