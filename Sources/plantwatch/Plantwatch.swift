import ArgumentParser

@main
struct Plantwatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plantwatch",
        abstract: "A terminal dashboard for plant energy systems: simulated plants, recorded logs, rolling KPIs and alarms.",
        version: "0.1.0",
        subcommands: [OverviewCommand.self, SimulateCommand.self, ReportCommand.self, PlantsCommand.self, TagsCommand.self],
        defaultSubcommand: OverviewCommand.self
    )
}
