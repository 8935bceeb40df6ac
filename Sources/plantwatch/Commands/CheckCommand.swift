import ArgumentParser
import FoundationEssentials
import PlantModel

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Test logs against physics: boiler mass and energy balances, BTU closure, chiller COP vs Carnot, tower approach, sub-meters.",
        discussion: """
        Example: plantwatch check Samples/humanwell-baseline-2019.csv
        Each check prints its statistic, its limit and, when it fails, the sensor or meter that disagrees
        (see README, "Balance checks"). Exit status: 0 every check passes; 1 a check fails; 66 a file cannot be read; 64 bad arguments.
        """)

    @Argument(help: "Log files (wide or long CSV); several are merged in time order.") var files: [String]
    @OptionGroup var plants: PlantOptions

    func run() throws {
        let reader = try LogOpening.reader(files, candidates: try plants.candidates())
        var check = BalanceCheck(plant: reader.plant)
        reader.deliver(only: check.neededTags, markBad: true)
        try reader.read(parallel: false) { check.add($0) }
        let found = check.findings()
        let rows = found.map { [$0.verdict.rawValue.uppercased(), $0.check, $0.value, $0.limit, $0.suspect, $0.detail] }
        print(TextTable.render(header: ["", "check", "value", "limit", "suspect", "detail"], rows: rows))
        if found.contains(where: { $0.verdict == .fail }) { throw ExitCode(1) }
    }
}
