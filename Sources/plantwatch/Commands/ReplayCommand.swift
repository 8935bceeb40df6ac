import ArgumentParser
import PlantModel

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "The dashboard on recorded logs, played at a chosen speed with pause, step and seek.",
        discussion: "Example: plantwatch replay Samples/humanwell-recovery-2021-faults.csv --speed 600")

    @Argument(help: "Log files (as for report).") var files: [String]
    @Option(help: "Plant (default: inferred from the log's tags).") var plant: String?
    @Option(help: "Initial speed: 1, 10, 60, 600 or max.") var speed: String = "60"
    @OptionGroup var options: DashboardOptions

    func run() throws {
        try DashboardOptions.requireTerminal()
        guard let speedIndex = DashboardState.speedNames.firstIndex(of: speed == "max" ? "max" : speed + "×") else {
            throw ValidationError("--speed must be one of 1, 10, 60, 600, max, not '\(speed)'")
        }
        let explicit = try plant.map { try Arguments.plant($0) }
        let rules = try options.rules()
        let files = self.files
        var rejects = RejectTally()
        let build: () throws -> (monitors: [PlantMonitor], sources: [any ReadingSource]) = {
            let reader = try LogReader(paths: files, plant: explicit)
            let source = try ReplaySource(reader: reader)
            rejects = source.tally
            return ([try PlantMonitor(plant: reader.plant, rules: rules[reader.plant.id])], [source])
        }
        let built: (monitors: [PlantMonitor], sources: [any ReadingSource])
        do { built = try build() } catch let e as LogError {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(66)
        } catch let e as LogReader.PlantInferenceError { throw ValidationError(e.description) }
        guard let first = built.sources[0].nextTime else { throw ValidationError("the log has no readable rows") }
        let (journal, _) = try options.openJournal(defaultPath: nil)
        var state = DashboardState(monitors: built.monitors, sourceLabels: built.sources.map(\.label), mode: .replay, simTime: first)
        state.speedIndex = speedIndex
        state.screen = .detail
        if rejects.total > 0 {
            state.message = "\(rejects.total) rejected rows/cells (see `plantwatch report`)"
        }
        let app = DashboardApp(state: state, sources: built.sources, journal: journal, refresh: options.refresh,
                               operatorName: DashboardOptions.operatorName, rebuild: build)
        app.state.simTime = app.advance(to: first)
        try DashboardOptions.run(app, color: options.colorWanted, ascii: options.ascii, mouse: !options.noMouse)
    }
}
