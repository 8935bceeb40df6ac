import ArgumentParser
import PlantModel

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "The dashboard on recorded logs, played at a chosen speed with pause, step and seek.",
        discussion: "Example: plantwatch replay Samples/humanwell-recovery-2021-faults.csv --speed 600")

    @Argument(help: "Log files (as for report).") var files: [String]
    @OptionGroup var plants: PlantOptions
    @Option(help: "Initial speed: 1, 10, 60, 600 or max.") var speed: String = "60"
    @OptionGroup var options: DashboardOptions

    func run() throws {
        try DashboardOptions.requireTerminal()
        guard let speedIndex = DashboardState.speedNames.firstIndex(of: speed == "max" ? "max" : speed + "×") else {
            throw ValidationError("--speed must be one of 1, 10, 60, 600, max, not '\(speed)'")
        }
        let candidates = try plants.candidates()
        let rules = try options.rules(candidates)
        // Several site files put several plants on one screen: each log goes to the site whose
        // tags it carries, and each plant replays its own logs.
        var groups: [(plant: PlantDefinition, files: [String])] = []
        if candidates.count > 1 && !plants.sites.isEmpty {
            for f in files {
                let p: PlantDefinition
                do { p = try LogOpening.reader([f], candidates: candidates).plant } catch let e as ValidationError {
                    throw ValidationError("\(Sanitize.line(f)): \(e.message)")
                }
                if let i = groups.firstIndex(where: { $0.plant.id == p.id }) { groups[i].files.append(f) } else { groups.append((p, [f])) }
            }
        }
        let files = self.files
        var rejects = RejectTally()
        let build: () throws -> (monitors: [PlantMonitor], sources: [any ReadingSource]) = {
            if groups.isEmpty {
                let reader = try LogReader(paths: files, candidates: candidates)
                let source = try ReplaySource(reader: reader)
                rejects = source.tally
                return ([try PlantMonitor(plant: reader.plant, rules: rules[reader.plant.id], timing: reader.learnTiming())], [source])
            }
            var monitors: [PlantMonitor] = [], sources: [any ReadingSource] = []
            rejects = RejectTally()
            for g in groups {
                let reader = try LogReader(paths: g.files, plant: g.plant)
                let source = try ReplaySource(reader: reader)
                rejects.merge(source.tally)
                sources.append(source)
                monitors.append(try PlantMonitor(plant: g.plant, rules: rules[g.plant.id], timing: reader.learnTiming()))
            }
            return (monitors, sources)
        }
        let built: (monitors: [PlantMonitor], sources: [any ReadingSource])
        do { built = try build() } catch let e as LogError {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(66)
        } catch let e as LogReader.NotThisPlant {
            printError("plantwatch: \(e.description)\n")
            throw ExitCode(65)
        } catch let e as LogReader.PlantInferenceError { throw ValidationError(e.description) }
        guard let first = built.sources.compactMap(\.nextTime).min() else { throw ValidationError("the log has no readable rows") }
        let (journal, _) = try options.openJournal(defaultPath: nil)
        var state = DashboardState(monitors: built.monitors, sourceLabels: built.sources.map(\.label), mode: .replay, simTime: first)
        state.speedIndex = speedIndex
        state.screen = built.monitors.count > 1 ? .overview : .detail
        if rejects.total > 0 {
            state.message = "\(rejects.total) rejected rows/cells (see `plantwatch report`)"
        }
        let app = DashboardApp(state: state, sources: built.sources, journal: journal, refresh: options.refresh,
                               operatorName: DashboardOptions.operatorName, rebuild: build)
        if let r = journal?.repair { app.note(r) }
        app.state.simTime = app.advance(to: first)
        try DashboardOptions.run(app, color: options.colorWanted, ascii: options.ascii, mouse: !options.noMouse)
    }
}
