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
        Press ? in the dashboard for the keys.
        """)

    @OptionGroup var plants: PlantOptions
    @Option(help: "Scenario (with --plant; default: the plant's newest).") var scenario: String?
    @Option(help: "Extra measures, comma-separated (with --plant).") var measures: String?
    @Option(name: .customLong("fault"), help: "Inject a fault (with --plant): NAME@ISO-TIME or NAME:TAG@ISO-TIME.") var faults: [String] = []
    @Option(help: "Simulated start instant, ISO 8601 (default: now). The --history days before it are simulated at once.") var start: String?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Days of history simulated at once before the start (30+ lets drift detection fit its baseline).") var history: Double = 1
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
        try DashboardOptions.run(app, color: options.colorWanted, ascii: options.ascii)
    }

    /// The dashboard on what `makeSetup` builds.
    func makeApp() throws -> DashboardApp {
        var setup = try makeSetup()
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
        return app
    }

    /// Everything but the screen — sources, each plant's pipeline, journal, recording — warmed up
    /// to the start: what `serve` runs as it is.
    func makeSetup() throws -> LiveSetup {
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
        let rules = try options.rules(plants)
        let now = try start.map { try Arguments.time($0, plant: plants[0], what: "--start") } ?? wallClock()
        guard history > 0, history <= 400 else { throw ValidationError("--history must be between 0 and 400 days, not \(history)") }
        let history = self.history * 86_400
        var configs: [(PlantDefinition, ScenarioConfig, [FaultSpec])] = []
        for p in plants {
            let scen = try scenario.map { id in
                guard let s = p.scenario(id) else { throw ValidationError("plant \(p.id) has no scenario '\(id)' (known: \(p.scenarios.map(\.id).joined(separator: ", ")))") }
                return s
            } ?? p.scenarios.last!
            let fs: [FaultSpec]
            do { fs = try faults.map { try FaultSpec.parse($0, utcOffset: p.utcOffset) } } catch let e as FaultSpec.ParseError { throw ValidationError(e.description) }
            configs.append((p, ScenarioConfig(scenario: scen.id, measures: scen.measures.union(Arguments.measures(measures))), fs))
        }
        let seed = self.seed
        let build: () throws -> (monitors: [PlantMonitor], sources: [any ReadingSource]) = {
            var monitors: [PlantMonitor] = [], sources: [any ReadingSource] = []
            for (p, c, fs) in configs {
                let sim = try Simulation(plant: p, config: c, seed: seed, start: (now - history).rounded(.down), step: 60,
                                         duration: 3650 * 86_400, faults: fs)
                sources.append(SimulationSource(simulation: sim))
                monitors.append(try PlantMonitor(plant: p, rules: rules[p.id]))
            }
            return (monitors, sources)
        }
        let built: (monitors: [PlantMonitor], sources: [any ReadingSource])
        do { built = try build() } catch let e as Simulation.ConfigError { throw ValidationError(e.description) }
        let (journal, past) = try options.openJournal(defaultPath: noJournal ? nil : defaultJournalPath())
        var setup = LiveSetup(pipelines: built.monitors, sources: built.sources, recorders: try recorders(plants[0]), journal: journal,
                              time: now - history, followsWallClock: false, rebuild: build)
        // Each plant's first scenario alongside, same seed (same weather and load), no faults: the `b` view.
        for (p, c, _) in configs {
            let first = p.scenarios[0]
            if c.scenario == first.id && c.measures == first.measures {
                setup.before.append(nil)
                continue
            }
            let sim = try Simulation(plant: p, config: ScenarioConfig(scenario: first.id, measures: first.measures), seed: seed,
                                     start: (now - history).rounded(.down), step: 60, duration: 3650 * 86_400)
            setup.before.append((SimulationSource(simulation: sim), try PlantMonitor(plant: p, rules: [])))
        }
        // The day before "now", at once and unjournaled: the screen opens full, not empty.
        if let r = journal?.repair { setup.notices.note(r) }
        setup.warmUp(to: now)
        for i in setup.pipelines.indices { setup.pipelines[i].restoreAlarms(from: past) }
        return setup
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
        return try makeWallClockSetup(source, plant: p, clock: SourceClock(kind: .ownTimestamps, offset: saved?.clockOffset),
                                      origin: "the followed log \(path)", followed: source, stateFile: stateFile, journal: journal, past: past)
    }

    /// One plant fed by a real-time source (a followed log, Modbus meters): the plant's own clock,
    /// silence watched from the start, readings as they arrive, journal and recording as asked.
    private func makeWallClockSetup(_ source: any ReadingSource, plant p: PlantDefinition, clock: SourceClock, origin: String,
                                    followed: FollowSource?, stateFile: FollowStateFile? = nil, journal: AlarmJournal?,
                                    past: [AlarmEvent]) throws -> LiveSetup {
        var rules = try options.rules([p])[p.id] ?? p.alarmRules
        if clock.kind == .ownTimestamps { rules.append(SourceClock.skewRule()) }
        let remake: ([AlarmEvent]) throws -> PlantPipeline = { events in
            var m = try PlantPipeline(plant: p, rules: rules)
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
