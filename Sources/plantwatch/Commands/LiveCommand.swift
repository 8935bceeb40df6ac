import ArgumentParser
import PlantModel

struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "The live dashboard on simulated plants (all three unless --plant is given).",
        discussion: """
        Examples: plantwatch live
                  plantwatch live --plant moma --scenario legacy-2018 --start 2019-07-15
                  plantwatch live --plant humanwell --fault boiler-fouling@2019-01-08 --start 2019-01-07
                  plantwatch live --demo
        Press ? in the dashboard for the keys.
        """)

    @OptionGroup var plants: PlantOptions
    @Option(help: "Scenario (with --plant; default: the plant's newest).") var scenario: String?
    @Option(help: "Extra measures, comma-separated (with --plant).") var measures: String?
    @Option(name: .customLong("fault"), help: "Inject a fault (with --plant): NAME@ISO-TIME or NAME:TAG@ISO-TIME.") var faults: [String] = []
    @Option(help: "Simulated start instant, ISO 8601 (default: now; an out-of-season plant then runs on its last season's clock).") var start: String?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Days of history before the start: the last day simulated at once, the rest in the background (30+ lets drift detection fit its baseline).") var history: Double = 35
    @Flag(help: "Play an incident at 600× on all three plants from 20 July 2019, 07:00: a fouled boiler and condenser (drift), then a heat-recovery pump trip and a steam-meter dropout (alarms). 45 days of history.") var demo = false
    @Flag(help: "Keep no alarm journal.") var noJournal = false
    @Option(help: "Follow a CSV log another program appends to (tail -f; survives truncation and rotation; with a journal, a restart resumes after the last row handled). Needs --plant.") var follow: String?
    @Option(help: "Record every reading received to this log (wide CSV), flushed every second. Needs a single plant. Appends to an earlier recording of the plant; refuses any other file.") var record: String?
    @Flag(help: "With --record: move an existing file aside (FILE-old-<time>) and start a new one.") var recordNew = false
    @Option(help: "With --record: start a new file each day (`daily`) or once the file reaches a size (`10M`, `500k`); finished files are renamed after their first row.") var recordRotate: String?
    @Option(help: "Read the plant's meters over Modbus TCP at HOST:PORT (with --map and --plant).") var modbus: String?
    @Option(help: "Register map (YAML; `plantwatch modbus-map --plant P` prints a starting one).") var map: String?
    @OptionGroup var options: DashboardOptions

    func run() throws {
        try DashboardOptions.requireTerminal()
        let app = try makeApp()
        try DashboardOptions.run(app, color: options.colorWanted, ascii: options.ascii, mouse: !options.noMouse)
    }

    /// The dashboard on what `makeSetup` builds.
    func makeApp() throws -> DashboardApp {
        var setup = try makeSetup(background: true)
        var state = DashboardState(monitors: setup.pipelines, sourceLabels: setup.sources.map(\.label), mode: .live, simTime: setup.time)
        state.color = options.colorWanted
        // One real-time plant opens on its detail.
        if setup.followsWallClock { state.screen = .detail }
        state.before = setup.before.map { $0?.pipeline }
        state.beforeLabels = setup.before.map { $0?.source.label ?? "" }
        let app = DashboardApp(state: state, sources: setup.sources, journal: setup.journal, refresh: options.refresh,
                               operatorName: DashboardOptions.operatorName, rebuild: setup.rebuild)
        app.beforeSources = setup.before.map { $0?.source }
        app.recorders = setup.recorders
        app.live = setup.live
        for n in setup.notices.take(live: [], recorders: []) { app.note(n) }
        app.followsWallClock = setup.followsWallClock
        app.state.clockOffsets = setup.offsets
        app.state.demo = demo
        if demo { app.state.speedIndex = DashboardState.speedNames.firstIndex(of: "600×") ?? 0 }
        app.pastEvents = setup.past
        app.history = setup.history
        app.state.historyProgress = setup.history == nil ? nil : 0
        return app
    }

    /// Everything but the screen — sources, each plant's pipeline, journal, recording — warmed up
    /// to the start: what `serve` runs as it is. `background`: only the last day of history is
    /// simulated at once and the rest handed to a HistoryLoader (neither the dashboard's first
    /// frame nor serve's first scrape waits for it); without it, all at once.
    func makeSetup(background: Bool = false) throws -> LiveSetup {
        let chosen = try self.plants.chosen()
        let plants = chosen ?? PlantCatalog.all
        if follow != nil && chosen?.count != 1 { throw ValidationError("--follow needs one --plant or --site: the log's tags are read as that plant's") }
        if modbus != nil && chosen?.count != 1 { throw ValidationError("--modbus needs one --plant or --site") }
        if record != nil && plants.count != 1 { throw ValidationError("--record needs one --plant or --site: a log holds one plant's tags") }
        if let follow { return try makeFollowingSetup(follow, plant: plants[0]) }
        if let modbus { return try makeModbusSetup(modbus, plant: plants[0]) }
        if chosen?.count != 1 && (scenario != nil || measures != nil || !faults.isEmpty) {
            throw ValidationError("--scenario, --measures and --fault need one --plant or --site")
        }
        for p in plants where p.simulator == nil {
            throw ValidationError("site \(p.id) has no simulator, so `live` has nothing to show for it: give its data with --follow FILE or --modbus HOST:PORT --map FILE, or replay a recorded log")
        }
        if demo && (chosen != nil || start != nil) { throw ValidationError("--demo runs all three plants from its own start; leave out --plant, --site and --start") }
        let rules = try options.rules(plants)
        let now = try start.map { try Arguments.time($0, plant: plants[0], what: "--start") } ?? (demo ? LiveCommand.demoStart : wallClock())
        guard history > 0, history <= 400 else { throw ValidationError("--history must be between 0 and 400 days, not \(history)") }
        let history = demo ? max(self.history, LiveCommand.demoHistoryDays) : self.history
        var configs: [PlantRun] = []
        for p in plants {
            let scen = try scenario.map { id in
                guard let s = p.scenario(id) else { throw ValidationError("plant \(p.id) has no scenario '\(id)' (known: \(p.scenarios.map(\.id).joined(separator: ", ")))") }
                return s
            } ?? p.scenarios.last!
            var fs: [FaultSpec]
            do { fs = try faults.map { try FaultSpec.parse($0, utcOffset: p.utcOffset) } } catch let e as FaultSpec.ParseError { throw ValidationError(e.description) }
            if demo { fs = LiveCommand.demoFaults(p, start: now) }
            // Without --start an out-of-season plant runs in its last season (see SeasonClock).
            let offset = start == nil ? SeasonClock.offset(p, now: now) : 0
            configs.append(PlantRun(plant: p, config: ScenarioConfig(scenario: scen.id, measures: scen.measures.union(Arguments.measures(measures))),
                                    faults: fs, offset: offset, rules: rules[p.id]))
        }
        let seed = self.seed, runConfigs = configs
        let build: @Sendable (Double) throws -> PlantRuns = { start in try LiveCommand.runs(runConfigs, seed: seed, start: start) }
        // The last day at once, so that the first frame is full; the rest in the background.
        let atOnce = (background ? min(history, 1) : history) * 86_400
        let built: PlantRuns
        do { built = try build(now - atOnce) } catch let e as Simulation.ConfigError { throw ValidationError(e.description) }
        let (journal, past) = try options.openJournal(defaultPath: noJournal ? nil : defaultJournalPath())
        var setup = LiveSetup(pipelines: built.monitors, sources: built.sources, recorders: try recorders(plants[0]), journal: journal,
                              time: now - atOnce, followsWallClock: false,
                              rebuild: { let r = try build(now - atOnce); return (r.monitors, r.sources) })
        setup.offsets = configs.map(\.offset)
        setup.past = past
        setup.before = zip(built.beforeSources, built.before).map { s, m in s.flatMap { s in m.map { (s, $0) } } }
        // The history before "now", at once and unjournaled: the screen opens full, not empty.
        if let r = journal?.repair { setup.notices.note(r) }
        setup.warmUp(to: now)
        for i in setup.pipelines.indices { setup.pipelines[i].restoreAlarms(from: past) }
        if history * 86_400 > atOnce {
            let offsets = setup.offsets
            setup.history = HistoryLoader(days: history, until: now, build: build) { runs, t in
                for i in runs.sources.indices {
                    _ = runs.sources[i].feed(&runs.monitors[i], to: t - offsets[i])
                    if var src = runs.beforeSources[i], var m = runs.before[i] {
                        _ = src.feed(&m, to: t - offsets[i])
                        runs.beforeSources[i] = src
                        runs.before[i] = m
                    }
                }
            }
        }
        return setup
    }

    /// `--demo`: 20 July 2019, 07:00 in the plants' time zone — all three in season, a working day.
    static let demoStart = CivilTime(year: 2019, month: 7, day: 20, hour: 7).epoch(offset: 8 * 3600)

    /// The demo's incidents. The boiler and the condenser foul from 14 days before the start —
    /// after the 30 baseline days of its 45-day history — so the flue gas runs hot, COP is down
    /// and both drift detectors have fired by the time the screen opens; Humanwell's heat-recovery
    /// pump trips 30 minutes in and its steam meter drops out an hour in (seconds at 600×), raising
    /// alarms to acknowledge.
    static func demoFaults(_ p: PlantDefinition, start: Double) -> [FaultSpec] {
        let physical = p.simulator?.physicalFaults ?? []
        var faults = physical.map { kind in
            kind == .recoveryPumpTrip ? FaultSpec(kind: kind, start: start + 1800) : FaultSpec(kind: kind, start: start - 14 * 86_400)
        }
        if physical.contains(.recoveryPumpTrip) { faults.append(FaultSpec(kind: .meterDropout, tag: "steam_total", start: start + 3600)) }
        return faults
    }

    /// The demo's history: 30 clean baseline days before the fouling starts, and a day to spare.
    static let demoHistoryDays = 45.0

    /// One plant as the dashboard runs it.
    struct PlantRun: Sendable {
        var plant: PlantDefinition
        var config: ScenarioConfig
        var faults: [FaultSpec]
        var offset: Double
        var rules: [AlarmRule]?
    }

    /// Fresh simulations from `start` (dashboard time) and empty monitors; beside each plant not on
    /// its first scenario, that scenario with the same seed (same weather and load) and no faults.
    static func runs(_ configs: [PlantRun], seed: UInt64, start: Double) throws -> PlantRuns {
        var runs = PlantRuns(monitors: [], sources: [], before: [], beforeSources: [], beforeLabels: [])
        for c in configs {
            let from = (start - c.offset).rounded(.down)
            let sim = try Simulation(plant: c.plant, config: c.config, seed: seed, start: from, step: 60, duration: 3650 * 86_400, faults: c.faults)
            runs.sources.append(SimulationSource(simulation: sim))
            runs.monitors.append(try PlantMonitor(plant: c.plant, rules: c.rules))
            let first = c.plant.scenarios[0]
            if c.config.scenario == first.id && c.config.measures == first.measures {
                runs.beforeSources.append(nil); runs.before.append(nil); runs.beforeLabels.append("")
                continue
            }
            let src = SimulationSource(simulation: try Simulation(plant: c.plant, config: ScenarioConfig(scenario: first.id, measures: first.measures),
                                                                  seed: seed, start: from, step: 60, duration: 3650 * 86_400))
            runs.beforeSources.append(src)
            runs.before.append(try PlantMonitor(plant: c.plant, rules: []))
            runs.beforeLabels.append(src.label)
        }
        return runs
    }

    /// `--record`: the one plant's recording.
    private func recorders(_ p: PlantDefinition) throws -> [Recorder?] {
        guard let r = try makeRecorder(p) else { return [] }
        return [r]
    }

    /// `--record` with its append, new-file and rotation options (nil without --record).
    func makeRecorder(_ p: PlantDefinition) throws -> Recorder? {
        guard let record else {
            if recordNew || recordRotate != nil { throw ValidationError("--record-new and --record-rotate go with --record FILE") }
            return nil
        }
        var rotation = Recorder.Rotation.none
        if let text = recordRotate {
            guard let r = Recorder.Rotation.parse(text) else {
                throw ValidationError("--record-rotate must be `daily` or a size of at least 4k (e.g. 10M, 500k, 1G), not '\(text)'")
            }
            rotation = r
        }
        do { return try Recorder(path: record, plant: p, rotation: rotation, startNew: recordNew) } catch let e as LogError {
            throw ValidationError(e.description)
        }
    }
}

extension LiveCommand {
    /// Meters read over Modbus TCP.
    func makeModbusSetup(_ endpoint: String, plant p: PlantDefinition) throws -> LiveSetup {
        guard let mapPath = map else { throw ValidationError("--modbus needs --map FILE (see `plantwatch modbus-map --plant \(p.id)`)") }
        let (host, port) = try ServeCommand.listenAddress(endpoint)
        let bytes = try ChunkReader.readAll(mapPath)
        let registerMap: RegisterMap
        do {
            registerMap = try RegisterMap.load(String(decoding: bytes, as: UTF8.self), path: mapPath)
            try registerMap.validate(against: p)
        } catch let e as RegisterMap.MapError { throw ValidationError(e.description) }
        let (journal, past) = try options.openJournal(defaultPath: noJournal ? nil : defaultJournalPath())
        let source = ModbusSource(host: host, port: port, map: registerMap, plant: p)
        source.start()
        return try makeWallClockSetup(source, plant: p, clock: SourceClock(kind: .host), origin: "the Modbus device \(host):\(port)",
                                      followed: nil, journal: journal, past: past)
    }

    /// A followed log: the plant runs on the log's clock (SourceClock), and a journal's resume
    /// state (beside it) takes the log up where the last run left it.
    func makeFollowingSetup(_ path: String, plant p: PlantDefinition) throws -> LiveSetup {
        let (journal, past) = try options.openJournal(defaultPath: noJournal ? nil : defaultJournalPath())
        // Beside a journal that is a file (not a device such as /dev/null).
        var st = stat()
        let stateFile = journal.flatMap { stat($0.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? FollowStateFile(journalPath: $0.path) : nil }
        let saved: FollowPosition?
        do { saved = try stateFile?.position(of: path) } catch let e as LogError { throw ValidationError(e.description) }
        let source = FollowSource(path: path, plant: p, now: wallClock(), resume: saved)
        // The tags' timing learned from what the log holds already, as `report` learns it (its
        // first two days); a log still empty, or too short to tell, keeps the site file's.
        let timing = try? LogReader(paths: [path], plant: p).learnTiming()
        return try makeWallClockSetup(source, plant: p, clock: SourceClock(kind: .ownTimestamps, offset: saved?.clockOffset),
                                      origin: "the followed log \(path)", followed: source, stateFile: stateFile, journal: journal, past: past,
                                      timing: timing)
    }

    /// One plant fed by a real-time source (a followed log, Modbus meters): the plant's own clock,
    /// silence watched from the start, readings as they arrive, journal and recording as asked.
    private func makeWallClockSetup(_ source: any ReadingSource, plant p: PlantDefinition, clock: SourceClock, origin: String,
                                    followed: FollowSource?, stateFile: FollowStateFile? = nil, journal: AlarmJournal?,
                                    past: [AlarmEvent], timing: TagTiming? = nil) throws -> LiveSetup {
        var rules = try options.rules([p])[p.id] ?? p.alarmRules
        if clock.kind == .ownTimestamps { rules.append(SourceClock.skewRule()) }
        let remake: ([AlarmEvent]) throws -> PlantPipeline = { events in
            var m = try PlantPipeline(plant: p, rules: rules, timing: timing)
            m.restoreAlarms(from: events)
            return m
        }
        let feed = LiveFeed(clock: clock, origin: origin, followed: followed, stateFile: stateFile, past: past, startHost: wallClock(), remake: remake)
        var pipeline = try remake(past)
        feed.prepare(&pipeline)
        var setup = LiveSetup(pipelines: [pipeline], sources: [source], recorders: try recorders(p), journal: journal, time: clock.now(host: wallClock()),
                              followsWallClock: true, rebuild: { throw ValidationError("a real-time source cannot be rewound") })
        setup.live = [feed]
        if let r = journal?.repair { setup.notices.note(r) }
        return setup
    }
}
