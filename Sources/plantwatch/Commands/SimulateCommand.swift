import ArgumentParser
import FoundationEssentials
import PlantModel

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a plant and write its meter readings as a recorded log (CSV).",
        discussion: """
        Example: plantwatch simulate --plant humanwell --scenario baseline-2019 --start 2019-01-01 --days 7 -o hw.csv
        Faults: --fault boiler-fouling@2019-03-01T00:00 or --fault stuck-sensor:feedwater_temp@2019-03-02T08:00
        """)

    @OptionGroup var plants: PlantOptions
    @Option(help: "Scenario of the plant (see `plantwatch plants`).") var scenario: String
    @Option(help: "Extra measures, comma-separated (e.g. cfms,scheduling,condensate,coating).") var measures: String?
    @Option(name: .customLong("fault"), help: "Inject a fault: NAME@ISO-TIME or NAME:TAG@ISO-TIME (repeatable).") var faults: [String] = []
    @Option(help: "Start date or time, ISO 8601 (plant local time unless an offset is given).") var start: String
    @Option(help: "Days to simulate (fractions allowed).") var days: Double
    @Option(help: "Seconds between rows.") var step: Double = 60
    @Option(help: "Random seed: the same seed gives the same log, byte for byte.") var seed: UInt64 = 1
    @Option(help: "wide (one row per instant) or long (one row per reading).") var format: String = "wide"
    @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?

    func run() throws {
        let p = try plants.one()
        guard p.simulator != nil else { throw ValidationError("site \(p.id) has no simulator (site.simulator): nothing to simulate") }
        guard let scen = p.scenario(scenario) else {
            throw ValidationError("plant \(p.id) has no scenario '\(scenario)' (known: \(p.scenarios.map(\.id).joined(separator: ", ")))")
        }
        guard let fmt = LogFormat(rawValue: format) else { throw ValidationError("--format must be wide or long, not '\(format)'") }
        guard days > 0, days <= 3660, days.isFinite else { throw ValidationError("--days must be between 0 and 3660, got \(days)") }
        guard step >= 1, step <= 86_400, step.isFinite else { throw ValidationError("--step must be 1 to 86400 seconds, got \(step)") }
        let startTime = try Arguments.time(start, plant: p, what: "--start")
        let faultSpecs: [FaultSpec]
        do {
            faultSpecs = try faults.map { try FaultSpec.parse($0, utcOffset: p.utcOffset) }
        } catch let e as FaultSpec.ParseError {
            throw ValidationError(e.description)
        }
        let config = ScenarioConfig(scenario: scen.id, measures: scen.measures.union(Arguments.measures(measures)))
        var sim: Simulation
        do {
            sim = try Simulation(plant: p, config: config, seed: seed, start: startTime, step: step, duration: days * 86_400, faults: faultSpecs)
        } catch let e as Simulation.ConfigError {
            throw ValidationError(e.description)
        }
        // The seeded meter errors, so that a user can see which meters read off true and by how much.
        let errors = sim.meterErrorSummary
        printError("plantwatch simulate: seed \(seed): meter errors \(errors.isEmpty ? "none (no meter states an accuracy)" : errors); calibrated meters read true\n")
        let sink: ByteSink
        do { sink = try ByteSink(path: output) } catch let e as LogError { throw ValidationError(e.description) }
        var writer = CSVLogWriter(registry: p.tags, format: fmt, utcOffset: p.utcOffset, sink: sink)
        writer.writeHeader()
        var row: [Double] = []
        while let t = sim.next(into: &row) {
            writer.write(time: t, values: row)
        }
        writer.finish()
    }
}
