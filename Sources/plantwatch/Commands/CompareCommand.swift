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
    @Option(help: "ols (the plant's drivers), changepoint (3-parameter cooling model on mean dry-bulb), towt (hourly: the drivers and an indicator per hour of the week), or auto: towt for hourly data that allow it, else ols.")
    var baselineModel: String = "auto"
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
            /// With a demand charge: the mean of the monthly maxima before and after, kW, and the
            /// demand charge saved over the after months at the before mean (measured, not
            /// weather-adjusted); `cost_with_demand_cny` adds it to the energy cost saved.
            var demand_before_kw: Double?; var demand_after_kw: Double?; var demand_cny: Double?; var demand_months: Int?
            var cost_with_demand_cny: Double?; var demand_price: Double?; var demand_interval_minutes: Int?
            /// Whether a month on either side was seen only in part (its true maximum may be higher).
            var demand_partial: Bool?
            var tce: Double?; var co2e_t: Double?; var normalised: Quantity?
            var adjusted_baseline: Quantity; var reporting: Quantity
        }
        /// The site file's `split`: each part's kWh over the before and after logs (measured, not
        /// adjusted to conditions), then "other" (total − Σ parts) where a total meter is given.
        struct SplitPart: Encodable { var name: String; var tag: String?; var before_kwh: Double?; var after_kwh: Double? }
        var plant: String; var resolution: String; var before: Period; var after: Period; var model: Model; var savings: Savings
        var split: [SplitPart]?
    }

    func run() throws {
        guard ["auto", "ols", "changepoint", "towt"].contains(baselineModel) else {
            throw ValidationError("--baseline-model must be auto, ols, changepoint or towt, not '\(baselineModel)'")
        }
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
        if baselineModel == "towt" && res != .hourly { throw ValidationError("--baseline-model towt needs --resolution hourly") }
        // CalTRACK's hourly method: hours of the week as indicators, where there is data enough.
        let timeOfWeek = baselineModel == "towt"
            || (baselineModel == "auto" && res == .hourly && SavingsAnalysis.timeOfWeekFits(spec: spec, before: beforeDays, offset: p.utcOffset))
        let s: SavingsAnalysis
        do {
            s = try SavingsAnalysis.analyse(plant: p, spec: spec, before: beforeDays, after: afterDays, changePoint: temperature,
                                            timeOfWeek: timeOfWeek, resolution: res)
        } catch let e as LinearModel.FitError {
            throw ValidationError(e.description)
        }
        var doc = document(s, p: p, before: beforeDays, after: afterDays)
        if p.tariff?.prices.isEmpty == false, let price = try touPrice(p) {
            var f = p.factors
            f.electricityPrice = price
            doc.savings.tou_price = price
            doc.savings.cost_tou_cny = s.value(f)?.costCNY
        }
        if p.tariff?.demand != nil, let a = try DemandMeter.read(try LogReader(paths: before, candidates: [p])),
           let b = try DemandMeter.read(try LogReader(paths: after, candidates: [p])), let mean = a.meanMonthlyMax {
            // Each after month's maximum against the before months' mean: the charge it avoided.
            let afterMonths = b.months.filter { $0.maxKW != nil }
            doc.savings.demand_before_kw = mean
            doc.savings.demand_after_kw = b.meanMonthlyMax
            doc.savings.demand_months = afterMonths.count
            doc.savings.demand_price = b.charge.price
            doc.savings.demand_interval_minutes = Int(b.charge.interval / 60)
            doc.savings.demand_partial = (a.months + b.months).contains { $0.maxKW != nil && !$0.complete }
            let saved = afterMonths.reduce(0) { $0 + (mean - $1.maxKW!) * b.charge.price }
            doc.savings.demand_cny = saved
            doc.savings.cost_with_demand_cny = (doc.savings.cost_tou_cny ?? doc.savings.cost_cny).map { $0 + saved }
        }
        if let split = p.split, let a = try EnergySplit.measure(try LogReader(paths: before, candidates: [p])),
           let b = try EnergySplit.measure(try LogReader(paths: after, candidates: [p])) {
            var parts = split.parts.indices.map { Document.SplitPart(name: split.parts[$0].name, tag: split.parts[$0].tag, before_kwh: a.parts[$0], after_kwh: b.parts[$0]) }
            func other(_ m: (parts: [Double?], total: Double?)) -> Double? {
                guard let t = m.total, m.parts.allSatisfy({ $0 != nil }) else { return nil }
                return t - m.parts.reduce(0) { $0 + $1! }
            }
            if split.total != nil {
                parts.append(.init(name: "other (\(split.total!) − parts)", tag: nil, before_kwh: other(a), after_kwh: other(b)))
                parts.append(.init(name: "total", tag: split.total, before_kwh: a.total, after_kwh: b.total))
            }
            doc.split = parts
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
                                   spec: spec, plant: p, before: beforeDays, after: afterDays, split: splitRows(doc)), terminator: "")
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
            model: .init(kind: s.baseline.kind, target: s.baseline.target, regressors: ["intercept"] + s.baseline.model.names,
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
        let split = splitRows(d)
        if markdown {
            var out = "| | | |\n|---|---|---:|\n" + rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
            if let split {
                out += "\n\n| " + split[0].joined(separator: " | ") + " |\n|---|---:|---:|---:|\n"
                    + split.dropFirst().map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
            }
            return out
        }
        var out = "\(d.plant): retrofit savings (IPMVP avoided energy)\n\n" + TextTable.render(header: ["", "", ""], rows: rows, rightAligned: [2])
        if let split {
            out += "\n\nwhere the electricity went (measured over each log, not adjusted to conditions)\n"
                + TextTable.render(header: split[0], rows: Array(split.dropFirst()), rightAligned: [1, 2, 3])
        }
        return out
    }

    /// The energy split before and after, header first: kWh and share of the parts' sum (or of the total).
    func splitRows(_ d: Document) -> [[String]]? {
        guard let parts = d.split, !parts.isEmpty else { return nil }
        func n(_ v: Double?) -> String { v.map { NumberFormat.string($0, decimals: 0) } ?? "—" }
        let base = parts.last { $0.name == "total" && $0.tag != nil }
        func whole(_ k: KeyPath<Document.SplitPart, Double?>) -> Double? {
            if let base { return base[keyPath: k] }
            let xs = parts.map { $0[keyPath: k] }
            return xs.allSatisfy { $0 != nil } ? xs.reduce(0) { $0 + $1! } : nil
        }
        let wb = whole(\.before_kwh), wa = whole(\.after_kwh)
        func cell(_ x: Double?, _ w: Double?) -> String {
            guard let x else { return "—" }
            guard let w, w > 0 else { return n(x) }
            return "\(n(x)) (\(NumberFormat.string(x / w * 100, decimals: 1)) %)"
        }
        var rows = [["part", "before kWh (share)", "after kWh (share)", "change kWh"]]
        for p in parts {
            let change = p.before_kwh.flatMap { b in p.after_kwh.map { $0 - b } }
            rows.append([p.name, cell(p.before_kwh, wb), cell(p.after_kwh, wa), change.map { (($0 > 0) ? "+" : "") + n($0) } ?? "—"])
        }
        return rows
    }

    /// The model's terms, its hour-of-week indicators (a time-of-week model has up to 167) counted
    /// rather than listed.
    private func modelTerms(_ m: Document.Model) -> String {
        let terms = m.regressors.dropFirst()
        let tow = terms.filter { $0.hasPrefix("tow ") }.count
        return (terms.filter { !$0.hasPrefix("tow ") } + (tow > 0 ? ["\(tow) hour-of-week indicators"] : [])).joined(separator: " + ")
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
            ["cost, time-of-use", d.savings.tou_price.map { "at the after period's mean ToU price \(n($0, 4)) CNY/kWh" } ?? "no time-of-use prices in the site file",
             d.savings.cost_tou_cny.map { "\(n($0)) CNY" } ?? "—"],
            ["peak demand", d.savings.demand_before_kw == nil ? "no demand charge in the site file"
                : "mean of the monthly max \(d.savings.demand_interval_minutes ?? 0)-min power, before → after (measured, not weather-adjusted)",
             d.savings.demand_before_kw.map { b in "\(n(b, 1)) → " + (d.savings.demand_after_kw.map { "\(n($0, 1)) kW" } ?? "—") } ?? "—"],
            ["demand charge", d.savings.demand_cny == nil ? "" : "\(d.savings.demand_months ?? 0) after month(s) × \(n(d.savings.demand_price ?? 0, 2)) CNY/kW × (before mean − that month's max)",
             d.savings.demand_cny.map { "\(n($0)) CNY" + (d.savings.demand_partial == true ? " (partial months)" : "") } ?? "—"],
            ["cost with demand", d.savings.cost_with_demand_cny == nil ? "" : "energy cost saved + demand charge saved",
             d.savings.cost_with_demand_cny.map { "\(n($0)) CNY" } ?? "—"],
            ["CO₂e, scope 2 methods", "location-based (grid average) / market-based (residual mix)",
             d.savings.co2e_location_t.map { l in "\(n(l, 1)) / " + (d.savings.co2e_market_t.map { "\(n($0, 1)) t" } ?? "—") } ?? "— (no carbon section)"],
            ["coal equivalent", "", d.savings.tce.map { "\(n($0, 2)) tce" } ?? "—"],
            ["CO₂e", "", d.savings.co2e_t.map { "\(n($0, 1)) t" } ?? "—"],
            ["model", "\(d.model.kind): \(d.model.target) ~ \(modelTerms(d.model))", "R² \(n(d.model.r2, 3)), CV(RMSE) \(n(d.model.cv_rmse * 100, 1)) %"],
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
