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
    @Option(help: "Follow a CSV log another program appends to (tail -f; survives truncation and rotation). Needs --plant.") var follow: String?
    @Option(help: "Record every reading received to this log (wide CSV), flushed every second. Needs a single plant.") var record: String?
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
        let setup = try makeSetup()
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
        if let follow { return try makeWallClockSetup(FollowSource(path: follow, plant: plants[0], now: wallClock()), plant: plants[0]) }
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
        setup.warmUp(to: now)
        for i in setup.pipelines.indices { setup.pipelines[i].restoreAlarms(from: past) }
        return setup
    }

    /// `--record`: the one plant's recording.
    private func recorders(_ p: PlantDefinition) throws -> [Recorder?] {
        guard let record else { return [] }
        do { return [try Recorder(path: record, plant: p)] } catch let e as LogError { throw ValidationError(e.description) }
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
        let source = ModbusSource(host: host, port: port, map: registerMap, plant: p)
        source.start()
        return try makeWallClockSetup(source, plant: p)
    }

    /// One plant fed by a real-time source (a followed log, Modbus meters): wall-clock time,
    /// readings as they arrive, journal and recording as asked.
    private func makeWallClockSetup(_ source: any ReadingSource, plant p: PlantDefinition) throws -> LiveSetup {
        let rules = try options.rules([p])
        let (journal, past) = try options.openJournal(defaultPath: noJournal ? nil : defaultJournalPath())
        var pipeline = try PlantPipeline(plant: p, rules: rules[p.id])
        pipeline.restoreAlarms(from: past)
        return LiveSetup(pipelines: [pipeline], sources: [source], recorders: try recorders(p), journal: journal, time: wallClock(),
                         followsWallClock: true, rebuild: { throw ValidationError("a real-time source cannot be rewound") })
    }
}
