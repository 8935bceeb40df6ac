import ArgumentParser
import FoundationEssentials
import PlantModel

/// What `plantwatch` with no arguments shows until the ncurses dashboard lands: each built-in
/// plant simulated over its last 24 hours up to the chosen instant, with its KPIs as text.
struct OverviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "Print each built-in plant's KPIs over the last 24 simulated hours.")

    @Option(help: "Instant to show, ISO 8601 (default: each plant's reference season).") var at: String?
    @Option(help: "Hours of history behind each KPI.") var hours: Double = 24

    func run() throws {
        for p in PlantCatalog.all {
            let end = try at.map { try Arguments.time($0, plant: p, what: "--at") }
                ?? CivilTime(year: p.simulator!.defaultStart.year, month: 7, day: 20, hour: 15).epoch(offset: p.utcOffset)
            let scen = p.scenarios.last!
            let config = ScenarioConfig(scenario: scen.id, measures: scen.measures)
            var sim = try Simulation(plant: p, config: config, seed: 1, start: end - hours * 3600, step: 60, duration: hours * 3600)
            var acc = KPIAccumulator(registry: p.tags, kpis: p.kpis())
            var row: [Double] = []
            while let t = sim.next(into: &row) { acc.add(time: t, values: row) }
            print("\(p.title) — \(p.site) — scenario \(scen.id)")
            print("  \(Int(hours)) h to \(ISO8601.format(end, offset: p.utcOffset))")
            for k in p.kpis() {
                let v = acc.value(k).map { NumberFormat.string($0, decimals: k.decimals) } ?? "—"
                print("  \(k.name.padded(to: 40)) \(v) \(k.unit.symbol)")
            }
            print("")
        }
    }
}
