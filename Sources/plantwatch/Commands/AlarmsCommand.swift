import ArgumentParser
import PlantModel

struct AlarmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms",
        abstract: "Print an alarm journal: every activation, return, acknowledgement and shelving.")

    @Argument(help: "Alarm journal (JSON lines).") var file: String

    func run() throws {
        let r: (events: [AlarmEvent], problems: [LogIssue])
        do { r = try AlarmJournal.read(path: file) } catch let e as LogError {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(66)
        }
        let rows = r.events.map { e in
            [e.iso, e.plant, e.alarm, e.priority.rawValue, e.event.rawValue, e.state.rawValue, e.operatorName ?? "", Sanitize.line(e.message)]
        }
        print(TextTable.render(header: ["time", "plant", "alarm", "priority", "event", "state after", "operator", "message"], rows: rows))
        for p in r.problems { printError("plantwatch: \(Sanitize.line(p.description))\n") }
    }
}
