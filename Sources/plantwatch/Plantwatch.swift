import ArgumentParser

@main
struct Plantwatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plantwatch",
        abstract: "A terminal dashboard for plant energy systems: simulated plants, recorded logs, rolling KPIs and alarms.",
        version: "0.1.0",
        subcommands: [LiveCommand.self, ReplayCommand.self, ReportCommand.self, CompareCommand.self, BaselineCommand.self, ServeCommand.self, ModbusMapCommand.self, SimulateCommand.self, AlarmsCommand.self,
                      OverviewCommand.self, PlantsCommand.self, TagsCommand.self, BenchRenderCommand.self],
        defaultSubcommand: LiveCommand.self
    )
}
