import ArgumentParser
import FoundationEssentials
import PlantModel

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise recorded logs: every KPI of the plant per hour, day, week or month, with totals and rejects.",
        discussion: """
        Example: plantwatch report Samples/humanwell-baseline-2019.csv --every day
        Bad rows and cells are reported on stderr with file, line and column, counted by reason, and skipped.
        Exit status: 0 done; 65 --strict stopped at a bad row; 66 a file cannot be read; 64 bad arguments.
        """)

    @Argument(help: "Log files (wide or long CSV); several are merged in time order.") var files: [String]
    @OptionGroup var plants: PlantOptions
    @Option(help: "Period: hour, shift, day, week, month or all (shift: the site file's shift calendar).") var every: String?
    @Option(help: "team: every KPI per team over the span, each team's share of hours, and each team against its peers under the same conditions.") var by: String?
    @Option(help: "Start of the report, ISO 8601 (plant local time unless an offset is given).") var from: String?
    @Option(help: "End of the report, ISO 8601.") var to: String?
    @Option(help: "table, csv, json, markdown or html (one self-contained page with charts).") var format: String = "table"
    @Flag(help: "Stop at the first bad row or cell (exit status 65).") var strict = false
    @Option(help: "Write every rejected row or cell, verbatim with its reason, to this CSV file.") var rejects: String?
    @Flag(help: "Do not print each reject on stderr (the counts still appear in the report).") var quiet = false
    @Option(help: "Alarm rules in YAML, merged with the defaults (see README).") var config: String?
    @OptionGroup var baseline: BaselineOptions

    func run() throws {
        if let by, by != "team" { throw ValidationError("--by takes team, not '\(by)'") }
        if by != nil, let every, every != "shift" { throw ValidationError("--by team works on shifts; leave out --every \(every)") }
        let every = self.every ?? (by != nil ? "shift" : "day")
        guard let period = ReportPeriod(rawValue: every) else {
            throw ValidationError("--every must be one of \(ReportPeriod.allCases.map(\.rawValue).joined(separator: ", ")), not '\(every)'")
        }
        guard let fmt = ReportFormat(rawValue: format) else {
            throw ValidationError("--format must be one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'")
        }
        let candidates = try plants.candidates()
        let reader = try LogOpening.reader(files, candidates: candidates, rejects: rejects)
        reader.strict = strict
        let p = reader.plant
        let fromT = try from.map { try Arguments.time($0, plant: p, what: "--from") } ?? -.infinity
        let toT = try to.map { try Arguments.time($0, plant: p, what: "--to") } ?? .infinity
        guard fromT < toT else { throw ValidationError("--from must be before --to") }
        let rules: [String: [AlarmRule]]
        do { rules = try AlarmConfig.load(path: config, plants: [p]) } catch let e as AlarmConfig.ConfigError { throw ValidationError(e.description) }
        // The pipeline replay, live and serve run, with the period stage instead of the screen's.
        var run: PlantPipeline
        do {
            run = try PlantPipeline(plant: p, stages: .report(every: period, from: fromT, to: toT, drift: !baseline.noDrift, demand: true),
                                    rules: rules[p.id] ?? [], driftModels: try baseline.models(files: files, plant: p),
                                    timing: reader.learnTiming())
        } catch let e as AlarmEngine.RuleError { throw ValidationError(e.description) } catch let e as NoShifts { throw ValidationError(e.description) }
        if by != nil && p.shifts?.hasTeams != true { throw ValidationError("plant \(p.id) has no teams (site file: teams)") }
        reader.deliver(only: run.neededTags, markBad: true)
        let progress = ProgressLine(enabled: isatty(2) == 1)
        reader.progress = { progress.update(done: $0, total: $1) }
        var printed = 0
        var raised: [AlarmEvent] = []
        do {
            try reader.read { row in
                for e in run.ingest(row) where e.event == .activate { raised.append(e) }
            }
        } catch let e as LogReader.StrictStop {
            progress.clear()
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(65)
        }
        progress.clear()
        run.finish()
        let (report, drift, detectDrift) = (run.report!, run.drift, run.detectDrift)
        if !quiet {
            for issue in reader.tally.examples {
                printError("plantwatch: \(Sanitize.line(issue.description))\n")
                printed += 1
            }
            if reader.tally.total > printed {
                printError("plantwatch: … \(reader.tally.total - printed) more rejects\(rejects == nil ? " (use --rejects FILE to keep them all)" : " in \(Sanitize.line(rejects!))")\n")
            }
        }
        if detectDrift && !drift.baselineFitted && !quiet {
            printError("plantwatch: drift detection needs \(drift.baselineDays) complete days for its baseline; the log has \(drift.days.count) (a day counts once it has ended, every KPI the detectors read ≥ 90 % covered; give --baseline FROM..TO or --baseline-file)\n")
        }
        var doc = ReportDocument(report: report, files: files, rejects: reader.tally)
        doc.rows_read = run.rows
        doc.drift = drift.detectors.compactMap { d in
            guard let m = d.model else { return nil }
            // JSON has no NaN or infinity: a statistic that is not a number (CV of a target whose
            // mean is 0, say) is null.
            func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
            return .init(id: d.spec.alarmID, target: d.spec.baseline.target, baseline_days: m.model.n, r2: finite(m.model.r2), cv_rmse: finite(m.model.cvRMSE),
                         nmbe: finite(m.model.nmbe), days_checked: d.points.count, cusum: finite(d.points.last?.cusum ?? 0), tabular_cusum: finite(d.points.last?.tabular ?? 0),
                         worst_deviation: finite(d.worstDeviation), worst_relative: finite(d.worstRelative), active: d.active)
        }
        doc.demand = run.demand.map { ReportDocument.demand($0, plant: p) }
        doc.alarms = raised.map { .init(time: $0.iso, id: $0.alarm, priority: $0.priority.rawValue, message: $0.message) }
        if by != nil {
            let c = try TeamComparison(report: report)
            doc.teams = ReportDocument.teamRows(c)
            print(TeamRenderer.render(c, doc: doc, plant: p, format: fmt), terminator: fmt == .json ? "\n" : "")
        } else if fmt == .html {
            print(ReportHTML.page(doc, plant: p, report: report, drift: detectDrift ? drift : nil), terminator: "")
        } else {
            print(ReportRenderer.render(doc, as: fmt, plant: p), terminator: fmt == .json ? "\n" : "")
        }
    }
}

/// A one-line progress indicator on stderr, only when stderr is a terminal.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private var shown = false
    init(enabled: Bool) { self.enabled = enabled }

    func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let pct = min(100, done * 100 / total)
        printError("\rreading logs: \(pct) % of \(total >> 20) MB")
        shown = true
    }

    func clear() {
        guard shown else { return }
        printError("\r\u{1B}[K")
        shown = false
    }
}
