import ArgumentParser
import PlantModel

struct HandoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover",
        abstract: "A shift handover: the shift's KPIs against target and the same shift of the last 7 days, its alarms, meter events and rejects.",
        discussion: """
        Example: plantwatch handover Samples/humanwell-recovery-2021-faults.csv --journal alarms.jsonl --format html -o handover.html
        The plant's site file must have shifts (the built-in plants do). The log supplies the KPIs and
        the alarms it raises; an alarm journal (live, replay, serve --journal) adds who acknowledged or
        shelved them.
        """)

    @Argument(help: "Log files (as for report).") var files: [String]
    @OptionGroup var plants: PlantOptions
    @Option(help: "last (the last complete shift of the log) or an ISO 8601 time inside the wanted shift.") var shift: String = "last"
    @Option(help: "Alarm journal (JSON lines) with the operators' acknowledgements and shelving.") var journal: String?
    @Option(help: "text, markdown or html.") var format: String = "text"
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "Alarm rules in YAML, merged with the defaults (see README).") var config: String?

    func run() throws {
        guard let fmt = HandoverRenderer.Format(rawValue: format) else {
            throw ValidationError("--format must be one of \(HandoverRenderer.Format.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'")
        }
        let reader = try LogOpening.reader(files, candidates: try plants.candidates())
        let p = reader.plant
        guard p.shifts != nil else { throw ValidationError("plant \(p.id) has no shift calendar (site file: shifts, teams)") }
        let at = shift == "last" ? nil : try Arguments.time(shift, plant: p, what: "--shift")
        let rules: [String: [AlarmRule]]
        do { rules = try AlarmConfig.load(path: config, plants: [p]) } catch let e as AlarmConfig.ConfigError { throw ValidationError(e.description) }
        var journalEvents: [AlarmEvent] = []
        if let journal {
            do {
                let r = try AlarmJournal.read(path: journal)
                journalEvents = r.events
                for issue in r.problems { printError("plantwatch: \(Sanitize.line(issue.description))\n") }
            } catch let e as LogError {
                printError("plantwatch: \(Sanitize.line(e.description))\n")
                throw ExitCode(66)
            }
        }
        // The pipeline report runs, by shift, so the alarms are those report and replay raise.
        var run: PlantPipeline
        do { run = try PlantPipeline(plant: p, stages: .report(every: .shift, drift: false), rules: rules[p.id] ?? []) } catch let e as AlarmEngine.RuleError {
            throw ValidationError(e.description)
        }
        reader.deliver(only: run.neededTags, markBad: true)
        var events: [AlarmEvent] = []
        do { try reader.read { events += run.ingest($0) } } catch let e as LogReader.StrictStop {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(65)
        }
        run.finish()
        let h: ShiftHandover
        do { h = try ShiftHandover(report: run.report!, alarmEvents: events, journal: journalEvents, at: at) } catch let e as ShiftHandover.NoShift {
            throw ValidationError(e.description)
        }
        let text = HandoverRenderer.render(h, rejects: reader.tally, as: fmt)
        if let output {
            let sink = try ByteSink(path: output)
            var bytes = Array(text.utf8)
            sink.write(&bytes)
            sink.flush()
        } else {
            print(text, terminator: "")
        }
    }
}
