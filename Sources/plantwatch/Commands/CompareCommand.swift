import ArgumentParser
import FoundationEssentials
import PlantModel

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Retrofit before/after: IPMVP avoided energy with Guideline 14 statistics and uncertainty.",
        discussion: """
        Example: plantwatch compare --before legacy.csv --after retrofit.csv
        The baseline is fitted on "before" (daily or hourly values, from logs sampled every 1 s to 1 h)
        and projected onto "after" conditions; savings = adjusted baseline − reporting-period energy.
        """)

    @Option(parsing: .upToNextOption, help: "Logs of the baseline (before) period.") var before: [String]
    @Option(parsing: .upToNextOption, help: "Logs of the reporting (after) period.") var after: [String]
    @OptionGroup var plants: PlantOptions
    @Option(help: "ols (the plant's drivers) or changepoint (3-parameter cooling model on mean dry-bulb).") var baselineModel: String = "ols"
    @Option(help: "table, json, markdown or html (one self-contained page with charts).") var format: String = "table"
    @Option(help: "daily, hourly, or auto: daily when the before period has at least \(SavingsAnalysis.minimumDailyPoints) complete days, else hourly.")
    var resolution: String = "auto"

    struct Document: Encodable {
        struct Period: Encodable { var files: [String]; var from: String; var to: String; var days: Int; var periods: Int; var energy: Quantity }
        struct Quantity: Encodable { var value: Double; var unit: String }
        struct Model: Encodable {
            var kind: String; var target: String; var regressors: [String]; var coefficients: [Double]
            var r2: Double; var cv_rmse: Double; var nmbe: Double; var autocorrelation: Double; var n: Int; var parameters: Int
            var change_point: Double?; var guideline14: String; var passes: Bool
        }
        struct Savings: Encodable {
            var energy: Quantity; var fraction: Double; var fsu_90: Double; var fsu_model_90: Double; var fsu_meter_90: Double?; var plus_minus: Quantity
            var cost_cny: Double?
            /// At the site's time-of-use tariff: kWh saved × the reporting period's mean ToU price.
            var cost_tou_cny: Double?; var tou_price: Double?
            /// With a carbon ledger: saved electricity at the grid average (location-based) and at the
            /// residual mix (market-based: contracted volumes stay, the saved kWh are uncontracted).
            var co2e_location_t: Double?; var co2e_market_t: Double?
            var tce: Double?; var co2e_t: Double?; var normalised: Quantity?
            var adjusted_baseline: Quantity; var reporting: Quantity
        }
        var plant: String; var resolution: String; var before: Period; var after: Period; var model: Model; var savings: Savings
    }

    func run() throws {
        guard ["ols", "changepoint"].contains(baselineModel) else { throw ValidationError("--baseline-model must be ols or changepoint, not '\(baselineModel)'") }
        guard let fmt = ReportFormat(rawValue: format), fmt != .csv else { throw ValidationError("--format must be table, json, markdown or html, not '\(format)'") }
        guard ["auto", "daily", "hourly"].contains(resolution) else { throw ValidationError("--resolution must be daily, hourly or auto, not '\(resolution)'") }
        let (a, b) = try read()
        let p = a.plant
        guard b.plant.id == p.id else { throw ValidationError("before and after logs are of different plants (\(a.plant.id), \(b.plant.id))") }
        guard let spec = p.energyBaseline else { throw ValidationError("plant \(p.id) has no energy baseline (site file: baseline)") }
        let temperature = baselineModel == "changepoint" ? "outdoor_temp" : nil
        if temperature != nil && p.kpis().first(where: { $0.id == "outdoor_temp" }) == nil {
            throw ValidationError("plant \(p.id) has no outdoor temperature KPI for a change-point model")
        }
        let ids = Array(Set([spec.target] + spec.drivers + (temperature.map { [$0] } ?? []))).sorted()
        var res: Guideline14.Resolution = resolution == "hourly" ? .hourly : .daily
        var beforeDays = try BaselineData.periods(a, kpis: ids, every: res == .hourly ? .hour : .day)
        if resolution == "auto" && beforeDays.count < SavingsAnalysis.minimumDailyPoints {
            res = .hourly
            // A reader is read once: a fresh one over the same files.
            beforeDays = try BaselineData.periods(try LogReader(paths: before, candidates: [p]), kpis: ids, every: .hour)
        }
        let afterDays = try BaselineData.periods(b, kpis: ids, every: res == .hourly ? .hour : .day)
        let s: SavingsAnalysis
        do { s = try SavingsAnalysis.analyse(plant: p, spec: spec, before: beforeDays, after: afterDays, changePoint: temperature, resolution: res) } catch let e as LinearModel.FitError {
            throw ValidationError(e.description)
        }
        var doc = document(s, p: p, before: beforeDays, after: afterDays)
        if p.tariff != nil, let price = try touPrice(p) {
            var f = p.factors
            f.electricityPrice = price
            doc.savings.tou_price = price
            doc.savings.cost_tou_cny = s.value(f)?.costCNY
        }
        if let ledger = p.carbon, s.carrier == .electricity || s.carrier == .mix {
            var f = p.factors
            f.gridCO2 = ledger.locationFactor
            doc.savings.co2e_location_t = s.value(f)?.co2eT
            f.gridCO2 = ledger.residualFactor
            doc.savings.co2e_market_t = s.value(f)?.co2eT
        }
        switch fmt {
        case .json:
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(doc), as: UTF8.self))
        case .html:
            print(CompareHTML.page(title: "\(p.title): retrofit savings (IPMVP avoided energy)", summary: summaryRows(doc), analysis: s,
                                   spec: spec, plant: p, before: beforeDays, after: afterDays), terminator: "")
        default:
            print(text(doc, markdown: fmt == .markdown))
        }
    }

    private func read() throws -> (LogReader, LogReader) {
        let candidates = try plants.candidates()
        return (try LogOpening.reader(before, candidates: candidates), try LogOpening.reader(after, candidates: candidates))
    }

    private func document(_ s: SavingsAnalysis, p: PlantDefinition, before: [PeriodValues], after: [PeriodValues]) -> Document {
        let unit = s.energyUnit.ascii
        func stamp(_ t: Double) -> String { ISO8601.format(t, offset: p.utcOffset) }
        let m = s.baseline.model
        let verdict = Guideline14.verdict(m, resolution: s.resolution)
        let money = s.value(p.factors)
        let length = s.resolution == .hourly ? 3600.0 : 86_400
        // Local days with at least one period in the model (all of them, for daily data).
        func days(_ list: [PeriodValues]) -> Int { Set(list.map { ReportPeriod.day.bounds($0.start, offset: p.utcOffset).start }).count }
        return Document(
            plant: p.id, resolution: s.resolution.rawValue,
            before: .init(files: before_files(), from: before.first.map { stamp($0.start) } ?? "", to: before.last.map { stamp($0.start + length) } ?? "",
                          days: days(before), periods: s.beforeDays, energy: .init(value: s.beforeEnergy, unit: unit)),
            after: .init(files: after.isEmpty ? [] : self.after.map { Sanitize.line($0) }, from: after.first.map { stamp($0.start) } ?? "",
                         to: after.last.map { stamp($0.start + length) } ?? "", days: days(after), periods: s.afterDays, energy: .init(value: s.afterEnergy, unit: unit)),
            model: .init(kind: s.baseline.kind, target: s.baseline.target, regressors: ["intercept"] + s.baseline.spec().regressorNames,
                         coefficients: m.coefficients, r2: m.r2, cv_rmse: m.cvRMSE, nmbe: m.nmbe, autocorrelation: m.autocorrelation,
                         n: m.n, parameters: m.parameters, change_point: s.baseline.changePoint, guideline14: verdict.text, passes: verdict.passes),
            savings: .init(energy: .init(value: s.savings, unit: unit), fraction: s.fraction, fsu_90: s.fsu90,
                           fsu_model_90: s.modelFSU90, fsu_meter_90: s.meterFSU90,
                           plus_minus: .init(value: abs(s.fsu90 * s.savings), unit: unit),
                           cost_cny: money?.costCNY, tce: money?.tce, co2e_t: money?.co2eT,
                           normalised: s.normalisedSavings.map { .init(value: $0, unit: unit) },
                           adjusted_baseline: .init(value: s.adjustedBaseline, unit: unit), reporting: .init(value: s.afterEnergy, unit: unit)))
    }

    /// The reporting period's mean time-of-use price of the tariff's meters, CNY/kWh: Σ cost ÷ Σ kWh
    /// over its complete days. Pricing saved kWh at it assumes the savings fall over the day as the
    /// metered consumption does; nil without a priced kWh.
    private func touPrice(_ p: PlantDefinition) throws -> Double? {
        let days = try BaselineData.daily(try LogReader(paths: after, plant: p), kpis: ["electricity_cost_tou", "electricity_price_tou"])
        var cost = 0.0, kwh = 0.0
        for d in days {
            guard let c = d.values["electricity_cost_tou"], let price = d.values["electricity_price_tou"], price > 0 else { continue }
            cost += c
            kwh += c / price
        }
        return kwh > 0 ? cost / kwh : nil
    }

    private func before_files() -> [String] { before.map { Sanitize.line($0) } }

    private func text(_ d: Document, markdown: Bool) -> String {
        let rows = summaryRows(d)
        if markdown {
            return "| | | |\n|---|---|---:|\n" + rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
        }
        return "\(d.plant): retrofit savings (IPMVP avoided energy)\n\n" + TextTable.render(header: ["", "", ""], rows: rows, rightAligned: [2])
    }

    /// The summary every format shows: periods, energy, savings with uncertainty, the model.
    private func summaryRows(_ d: Document) -> [[String]] {
        func n(_ v: Double, _ dec: Int = 0) -> String { NumberFormat.string(v, decimals: dec) }
        func count(_ p: Document.Period) -> String { d.resolution == "hourly" ? "\(p.periods) hours in \(p.days) days" : "\(p.days) days" }
        let u = d.savings.energy.unit
        return [
            ["before (baseline)", "\(d.before.from.prefix(10)) → \(d.before.to.prefix(10)), \(count(d.before))", "\(n(d.before.energy.value)) \(u)"],
            ["after (reporting)", "\(d.after.from.prefix(10)) → \(d.after.to.prefix(10)), \(count(d.after))", "\(n(d.after.energy.value)) \(u)"],
            ["adjusted baseline", "baseline model on after conditions", "\(n(d.savings.adjusted_baseline.value)) \(u)"],
            ["avoided energy", "adjusted baseline − reporting", "\(n(d.savings.energy.value)) \(u) ± \(n(d.savings.plus_minus.value)) @90 %"],
            ["savings fraction", "FSU (90 %) \(n(d.savings.fsu_90 * 100, 1)) %: model \(n(d.savings.fsu_model_90 * 100, 1)) %, "
             + (d.savings.fsu_meter_90.map { "meter \(n($0 * 100, 1)) % (in quadrature)" } ?? "meter accuracy not stated"), "\(n(d.savings.fraction * 100, 1)) %"],
            ["normalised savings", "both models on before conditions", d.savings.normalised.map { "\(n($0.value)) \(u)" } ?? "—"],
            ["cost", "at the site's flat prices (factors)", d.savings.cost_cny.map { "\(n($0)) CNY" } ?? "— (no price for this energy)"],
            ["cost, time-of-use", d.savings.tou_price.map { "at the after period's mean ToU price \(n($0, 4)) CNY/kWh" } ?? "no tariff in the site file",
             d.savings.cost_tou_cny.map { "\(n($0)) CNY" } ?? "—"],
            ["CO₂e, scope 2 methods", "location-based (grid average) / market-based (residual mix)",
             d.savings.co2e_location_t.map { l in "\(n(l, 1)) / " + (d.savings.co2e_market_t.map { "\(n($0, 1)) t" } ?? "—") } ?? "— (no carbon section)"],
            ["coal equivalent", "", d.savings.tce.map { "\(n($0, 2)) tce" } ?? "—"],
            ["CO₂e", "", d.savings.co2e_t.map { "\(n($0, 1)) t" } ?? "—"],
            ["model", "\(d.model.kind): \(d.model.target) ~ \(d.model.regressors.dropFirst().joined(separator: " + "))", "R² \(n(d.model.r2, 3))"],
            ["Guideline 14", d.model.guideline14, d.model.passes ? "pass" : "fail"],
        ]
    }
}

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Fit and save baselines for drift detection.",
        subcommands: [BaselineFitCommand.self])
}

struct BaselineFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit the plant's energy and drift baselines on a period of logs and save them (JSON).",
        discussion: "Example: plantwatch baseline fit year.csv --from 2019-01-01 --to 2019-03-01 -o humanwell-baseline.json")

    @Argument(help: "Log files.") var files: [String]
    @OptionGroup var plants: PlantOptions
    @Option(help: "Start of the baseline period (ISO 8601).") var from: String?
    @Option(help: "End of the baseline period (ISO 8601).") var to: String?
    @Option(name: .shortAndLong, help: "Output file.") var output: String

    func run() throws {
        let reader = try LogOpening.reader(files, candidates: try plants.candidates())
        let p = reader.plant
        let a = try from.map { try Arguments.time($0, plant: p, what: "--from") } ?? -.infinity
        let b = try to.map { try Arguments.time($0, plant: p, what: "--to") } ?? .infinity
        let models: [BaselineModel]
        do { models = try BaselineModel.fitDrift(reader, from: a, to: b) } catch let e as LinearModel.FitError { throw ValidationError(e.description) }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let sink = try ByteSink(path: output)
        var bytes = Array(try enc.encode(models))
        bytes.append(10)
        sink.write(&bytes)
        sink.flush()
        for m in models {
            print("\(m.id.padded(to: 12)) \(m.target) ~ \(m.spec().regressorNames.joined(separator: " + ")): R² \(NumberFormat.string(m.model.r2, decimals: 3)), "
                  + Guideline14.verdict(m.model, resolution: .daily).text + " (\(m.model.n) days)")
        }
    }
}
