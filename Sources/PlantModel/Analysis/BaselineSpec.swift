/// What a plant's baseline models: one KPI explained by drivers, with the regressors built from
/// them. The same shape serves the whole-plant energy baseline of `compare` and each drift target.
public struct BaselineSpec: Sendable {
    public var id: String
    /// The modelled KPI (per day).
    public var target: String
    /// KPIs per day that drive it.
    public var drivers: [String]
    /// Regressor names and how they are built from the drivers.
    public var regressorNames: [String]
    public var regressors: @Sendable ([Double]) -> [Double]
    /// What the target's energy is, for pricing savings (site file: `baseline.carrier`).
    public enum Carrier: String, Sendable, CaseIterable { case electricity, gas, mix, other }
    public var carrier: Carrier = .electricity

    public init(id: String, target: String, drivers: [String], regressorNames: [String], regressors: @escaping @Sendable ([Double]) -> [Double]) {
        self.id = id; self.target = target; self.drivers = drivers; self.regressorNames = regressorNames; self.regressors = regressors
    }

    /// Regressors that are drivers or products of drivers ("steam_t*mains_temp"), as site files
    /// write them: each regressor is a list of indices into `drivers`, multiplied.
    static func products(id: String, target: String, drivers: [String], regressors: [(name: String, factors: [Int])]) -> BaselineSpec {
        let terms = regressors.map(\.factors)
        return BaselineSpec(id: id, target: target, drivers: drivers, regressorNames: regressors.map(\.name),
                            regressors: { d in terms.map { f in f.reduce(1.0) { $0 * d[$1] } } })
    }

    /// A change-point ("3PC") cooling model on mean dry-bulb: E = β₀ + β₁·max(0, T − Tcp).
    public static func changePoint(target: String, temperature: String, at cp: Double) -> BaselineSpec {
        BaselineSpec(id: "changepoint", target: target, drivers: [temperature],
                     regressorNames: ["cdd(\(NumberFormat.string(cp, decimals: 1)) °C)"], regressors: { [max(0, $0[0] - cp)] })
    }
}

/// One day (or other period) of a log, reduced to the KPIs baselines read.
public struct PeriodValues: Sendable, Equatable {
    public var start: Double
    public var values: [String: Double]
    public var coverage: [String: Double]
}

public enum BaselineData {
    /// Reads logs into daily values of the given KPIs; days whose KPIs are under 90 % covered are
    /// dropped (data sufficiency, as OpenEEmeter's daily model requires).
    public static func daily(_ reader: LogReader, kpis ids: [String], from: Double = -.infinity, to: Double = .infinity) throws -> [PeriodValues] {
        try periods(reader, kpis: ids, every: .day, from: from, to: to)
    }

    /// Values of the given KPIs per `every` (day or hour); periods where any of them is under 90 %
    /// covered or unmatched are dropped (CalTRACK's sufficiency rule, per day or per hour).
    public static func periods(_ reader: LogReader, kpis ids: [String], every: ReportPeriod, from: Double = -.infinity, to: Double = .infinity) throws -> [PeriodValues] {
        let p = reader.plant
        let all = p.kpis()
        let defs = try ids.map { id -> KPIDefinition in
            guard let d = all.first(where: { $0.id == id }) else { throw LinearModel.FitError(description: "plant \(p.id) has no KPI '\(id)'") }
            return d
        }
        var run = try PlantPipeline(plant: p, stages: .report(every: every, from: from, to: to, drift: false), kpis: defs, rules: [],
                                    timing: reader.learnTiming())
        reader.deliver(only: run.slots.usedTags)
        try reader.read { run.ingest($0) }
        run.finish()
        let report = run.report!
        var out: [PeriodValues] = []
        for row in report.rows {
            var v: [String: Double] = [:], c: [String: Double] = [:]
            var complete = true
            for (k, d) in defs.enumerated() {
                let e = report.evaluate(k, sums: row.sums, seconds: report.span(of: row))
                c[d.id] = e.coverage
                if let x = e.value, e.coverage >= 0.9 { v[d.id] = x } else { complete = false }
            }
            if complete { out.append(PeriodValues(start: row.start, values: v, coverage: c)) }
        }
        return out
    }
}
