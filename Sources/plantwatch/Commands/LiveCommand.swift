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

    @Option(help: "Only this plant: catl, humanwell or moma.") var plant: String?
    @Option(help: "Scenario (with --plant; default: the plant's newest).") var scenario: String?
    @Option(help: "Extra measures, comma-separated (with --plant).") var measures: String?
    @Option(name: .customLong("fault"), help: "Inject a fault (with --plant): NAME@ISO-TIME or NAME:TAG@ISO-TIME.") var faults: [String] = []
    @Option(help: "Simulated start instant, ISO 8601 (default: now). The --history days before it are simulated at once.") var start: String?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Days of history before the start: the last day simulated at once, the rest in the background (30+ lets drift detection fit its baseline).") var history: Double = 35
    @Flag(help: "Play an incident at 600× on all three plants from 20 July 2019, 07:00: a fouled boiler and condenser (drift), then a heat-recovery pump trip and a steam-meter dropout (alarms). 45 days of history.") var demo = false
    @Flag(help: "Keep no alarm journal.") var noJournal = false
    @Option(help: "Follow a CSV log another program appends to (tail -f; survives truncation and rotation). Needs --plant.") var follow: String?
    @Option(help: "Record every reading received to this log (wide CSV), flushed every second. Needs a single plant.") var record: String?
    @Option(help: "Read the plant's meters over Modbus TCP at HOST:PORT (with --map and --plant).") var modbus: String?
    @Option(help: "Register map (YAML; `plantwatch modbus-map --plant P` prints a starting one).") var map: String?
    @OptionGroup var options: DashboardOptions

    func run() throws {
        try DashboardOptions.requireTerminal()
        let app = try makeApp()
        try DashboardOptions.run(app, color: options.colorWanted, ascii: options.ascii, mouse: !options.noMouse)
    }

    /// Everything but the screen: sources, monitors, journal, recording (shared with `serve`).
    func makeApp() throws -> DashboardApp {
        let plants = try plant.map { [try Arguments.plant($0)] } ?? PlantCatalog.all
        if follow != nil && plant == nil { throw ValidationError("--follow needs --plant: the log's tags are read as that plant's") }
        if record != nil && plants.count != 1 { throw ValidationError("--record needs --plant: a log holds one plant's tags") }
        if let follow { return try makeFollowingApp(follow, plant: plants[0]) }
        if let modbus { return try makeModbusApp(modbus, plant: plants[0]) }
        if plant == nil && (scenario != nil || measures != nil || !faults.isEmpty) {
            throw ValidationError("--scenario, --measures and --fault need --plant")
        }
        if demo && (plant != nil || start != nil) { throw ValidationError("--demo runs all three plants from its own start; leave out --plant and --start") }
        let rules = try options.rules()
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
        let quick = min(history, 1) * 86_400
        let built: PlantRuns
        do { built = try build(now - quick) } catch let e as Simulation.ConfigError { throw ValidationError(e.description) }
        let (journal, past) = try options.openJournal(defaultPath: noJournal ? nil : defaultJournalPath())
        var state = DashboardState(monitors: built.monitors, sourceLabels: built.sources.map(\.label), mode: .live, simTime: now - quick)
        state.color = options.colorWanted
        state.clockOffsets = configs.map(\.offset)
        state.before = built.before
        state.beforeLabels = built.beforeLabels
        state.demo = demo
        if demo { state.speedIndex = DashboardState.speedNames.firstIndex(of: "600×") ?? 0 }
        let app = DashboardApp(state: state, sources: built.sources, journal: journal, refresh: options.refresh,
                               operatorName: DashboardOptions.operatorName, rebuild: { let r = try build(now - quick); return (r.monitors, r.sources) })
        app.beforeSources = built.beforeSources
        app.pastEvents = past
        if let record {
            do { app.recorders = [try Recorder(path: record, plant: plants[0])] } catch let e as LogError { throw ValidationError(e.description) }
        }
        // The day before "now", at once and unjournaled: the screen opens full, not empty.
        app.state.simTime = app.advance(to: now, journaling: false)
        for i in app.state.monitors.indices { app.state.monitors[i].restoreAlarms(from: past) }
        if history * 86_400 > quick {
            let offsets = configs.map(\.offset)
            app.history = HistoryLoader(days: history, until: now, build: build) { runs, t in
                for i in runs.sources.indices {
                    DashboardApp.feed(&runs.sources[i], &runs.monitors[i], to: t - offsets[i], limit: .max)
                    if var src = runs.beforeSources[i], var m = runs.before[i] {
                        DashboardApp.feed(&src, &m, to: t - offsets[i], limit: .max)
                        runs.beforeSources[i] = src
                        runs.before[i] = m
                    }
                }
            }
            app.state.historyProgress = 0
        }
        return app
    }

    /// `--demo`: 20 July 2019, 07:00 in the plants' time zone — all three in season, a working day.
    static let demoStart = CivilTime(year: 2019, month: 7, day: 20, hour: 7).epoch(offset: 8 * 3600)

    /// The demo's incidents. The boiler and the condenser foul from 14 days before the start —
    /// after the 30 baseline days of its 45-day history — so the flue gas runs hot, COP is down
    /// and both drift detectors have fired by the time the screen opens; Humanwell's heat-recovery
    /// pump trips 30 minutes in and its steam meter drops out an hour in (seconds at 600×), raising
    /// alarms to acknowledge.
    static func demoFaults(_ p: PlantDefinition, start: Double) -> [FaultSpec] {
        var faults = p.physicalFaults.map { kind in
            kind == .recoveryPumpTrip ? FaultSpec(kind: kind, start: start + 1800) : FaultSpec(kind: kind, start: start - 14 * 86_400)
        }
        if p.physicalFaults.contains(.recoveryPumpTrip) { faults.append(FaultSpec(kind: .meterDropout, tag: "steam_total", start: start + 3600)) }
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
}

extension LiveCommand {
    /// The dashboard on meters read over Modbus TCP.
    func makeModbusApp(_ endpoint: String, plant p: PlantDefinition) throws -> DashboardApp {
        guard plant != nil else { throw ValidationError("--modbus needs --plant") }
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
        return try makeWallClockApp(source, plant: p)
    }

    /// The dashboard on a followed log: the clock is the wall clock, readings arrive as written.
    func makeFollowingApp(_ path: String, plant p: PlantDefinition) throws -> DashboardApp {
        try makeWallClockApp(FollowSource(path: path, plant: p, now: wallClock()), plant: p)
    }

    /// One plant fed by a real-time source (a followed log, Modbus meters): wall-clock time, the
    /// plant's detail on screen, journal and recording as asked.
    private func makeWallClockApp(_ source: any ReadingSource, plant p: PlantDefinition) throws -> DashboardApp {
        let rules = try options.rules()
        let (journal, past) = try options.openJournal(defaultPath: noJournal ? nil : defaultJournalPath())
        var monitor = try PlantMonitor(plant: p, rules: rules[p.id])
        monitor.restoreAlarms(from: past)
        var state = DashboardState(monitors: [monitor], sourceLabels: [source.label], mode: .live, simTime: wallClock())
        state.screen = .detail
        state.color = options.colorWanted
        let app = DashboardApp(state: state, sources: [source], journal: journal, refresh: options.refresh,
                               operatorName: DashboardOptions.operatorName,
                               rebuild: { throw ValidationError("a real-time source cannot be rewound") })
        if let record {
            do { app.recorders = [try Recorder(path: record, plant: p)] } catch let e as LogError { throw ValidationError(e.description) }
        }
        app.followsWallClock = true
        return app
    }
}
