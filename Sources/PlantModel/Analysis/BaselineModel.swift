/// A fitted baseline: the spec's regression on a chosen period, saveable as JSON.
public struct BaselineModel: Sendable, Codable {
    public var plant: String
    public var id: String
    public var target: String
    public var drivers: [String]
    public var kind: String                 // "ols", "changepoint" or "towt"
    public var changePoint: Double?
    /// A time-of-week model's hours of the week (0 = Monday 00:00–01:00 local, … 167), the
    /// first the reference hour with no indicator of its own; and the local time's UTC offset.
    public var hoursOfWeek: [Int]?
    public var utcOffset: Int?
    public var model: LinearModel
    public var from: String
    public var to: String

    public func spec() -> BaselineSpec {
        if kind == "changepoint", let cp = changePoint { return .changePoint(target: target, temperature: drivers[0], at: cp) }
        // The regressors are named after the drivers they multiply ("steam_t*mains_temp"; files
        // saved before site files wrote "×"), so a saved model rebuilds them without its plant.
        // A time-of-week model's indicators follow them and are added by `regressors(_:)`.
        let names = model.names.filter { !$0.hasPrefix(BaselineModel.towPrefix) }
        let factors = names.map { name in
            name.split(whereSeparator: { $0 == "*" || $0 == "×" }).compactMap { drivers.firstIndex(of: $0.trimmed) }
        }
        return BaselineSpec.products(id: id, target: target, drivers: drivers, regressors: Array(zip(names, factors)))
    }

    /// The regressors of one period: the drivers' (as `spec()` builds them) and, for a
    /// time-of-week model, the indicators of its hour of the week. nil when a driver is missing,
    /// or the hour of the week is one the baseline never saw (no estimate, rather than a guess).
    func regressors(_ p: PeriodValues) -> [Double]? {
        let d = drivers.compactMap { p.values[$0] }
        guard d.count == drivers.count else { return nil }
        var x = spec().regressors(d)
        if let hours = hoursOfWeek {
            let h = BaselineModel.hourOfWeek(p.start, offset: utcOffset ?? 0)
            guard hours.contains(h) else { return nil }
            x += hours.dropFirst().map { $0 == h ? 1 : 0 }
        }
        return x
    }

    /// Expected value of the target for one period's driver values; nil when a driver is missing.
    public func expected(_ p: PeriodValues) -> Double? {
        regressors(p).map { model.predict($0) }
    }

    /// Prediction standard error for one period's drivers.
    public func predictionSE(_ p: PeriodValues) -> Double? {
        regressors(p).flatMap { model.predictionSE($0) }
    }

    /// Fits an OLS model on the spec's drivers.
    public static func fit(_ spec: BaselineSpec, plant: String, data: [PeriodValues], offset: Int) throws -> BaselineModel {
        let rows = data.filter { p in p.values[spec.target] != nil && spec.drivers.allSatisfy { p.values[$0] != nil } }
        let x = rows.map { p in spec.regressors(spec.drivers.map { p.values[$0]! }) }
        let y = rows.map { $0.values[spec.target]! }
        let m = try LinearModel.fit(names: spec.regressorNames, x: x, y: y)
        return BaselineModel(plant: plant, id: spec.id, target: spec.target, drivers: spec.drivers, kind: "ols", changePoint: nil, model: m,
                             from: rows.first.map { ISO8601.format($0.start, offset: offset) } ?? "", to: rows.last.map { ISO8601.format($0.start + 86_400, offset: offset) } ?? "")
    }

    /// Fits every drift baseline of a plant whose target is a KPI on the logs' complete days in
    /// [from, to] (the chiller-curve check fits itself as a stream passes).
    public static func fitDrift(_ reader: LogReader, from: Double, to: Double) throws -> [BaselineModel] {
        let p = reader.plant
        let kpiIDs = Set(p.kpis().map(\.id))
        let specs = p.drift.map(\.baseline).filter { kpiIDs.contains($0.target) }
        let ids = Array(Set(specs.flatMap { [$0.target] + $0.drivers })).sorted()
        let data = try BaselineData.daily(reader, kpis: ids, from: from, to: to)
        return try specs.map { s in
            do { return try fit(s, plant: p.id, data: data, offset: p.utcOffset) } catch {
                throw LinearModel.FitError(description: "baseline \(s.id): \(error)")
            }
        }
    }

    static let towPrefix = "tow "

    /// Hour of the week of instant `t` in local time: 0 is Monday 00:00–01:00, 167 Sunday 23:00–24:00.
    static func hourOfWeek(_ t: Double, offset: Int) -> Int {
        let local = t + Double(offset)
        let day = Int((local / 86_400).rounded(.down))
        let hour = Int(((local - Double(day) * 86_400) / 3600).rounded(.down))
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
        return (((day + 3) % 7 + 7) % 7) * 24 + hour
    }

    /// Fits a time-of-week model on hourly data: the spec's drivers plus one indicator per hour
    /// of the week — the form of LBNL's time-of-week-and-temperature model (Mathieu, Price,
    /// Kiliccote & Piette 2011, "Quantifying changes in building electricity use, with application
    /// to demand response", IEEE Trans. Smart Grid 2(3)) that CalTRACK 2.0's hourly method builds
    /// on (§3: time-of-week indicators with temperature terms), here with the site's own drivers
    /// as the weather terms. Hours of the week seen fewer than twice in the baseline get no
    /// indicator of their own and their rows are left out: one point would be fitted exactly and
    /// tell nothing; periods in those hours have no expected value.
    static func fitTimeOfWeek(_ spec: BaselineSpec, plant: String, data: [PeriodValues], offset: Int) throws -> BaselineModel {
        let rows = data.filter { p in p.values[spec.target] != nil && spec.drivers.allSatisfy { p.values[$0] != nil } }
        var seen = Array(repeating: 0, count: 168)
        for r in rows { seen[hourOfWeek(r.start, offset: offset)] += 1 }
        let hours = (0..<168).filter { seen[$0] >= 2 }
        guard hours.count >= 2 else {
            throw LinearModel.FitError(description: "a time-of-week model needs at least two hours of the week seen twice in the baseline")
        }
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        var m = BaselineModel(plant: plant, id: spec.id, target: spec.target, drivers: spec.drivers, kind: "towt", changePoint: nil,
                              hoursOfWeek: hours, utcOffset: offset,
                              model: LinearModel(names: [], coefficients: [], r2: 0, cvRMSE: 0, nmbe: 0, n: 0, parameters: 0, autocorrelation: 0, meanY: 0, residualSD: 0),
                              from: "", to: "")
        let used = rows.filter { hours.contains(hourOfWeek($0.start, offset: offset)) }
        let names = spec.regressorNames + hours.dropFirst().map { h in "\(towPrefix)\(days[h / 24]) \(h % 24 < 10 ? "0" : "")\(h % 24)" }
        m.model = try LinearModel.fit(names: names, x: used.map { m.regressorsForFit($0, spec) }, y: used.map { $0.values[spec.target]! })
        m.from = used.first.map { ISO8601.format($0.start, offset: offset) } ?? ""
        m.to = used.last.map { ISO8601.format($0.start + 3600, offset: offset) } ?? ""
        return m
    }

    /// Regressors of a baseline row while fitting (the model's names not yet set).
    private func regressorsForFit(_ p: PeriodValues, _ spec: BaselineSpec) -> [Double] {
        let h = BaselineModel.hourOfWeek(p.start, offset: utcOffset ?? 0)
        return spec.regressors(spec.drivers.map { p.values[$0]! }) + (hoursOfWeek ?? []).dropFirst().map { $0 == h ? 1 : 0 }
    }

    /// Fits the 3-parameter cooling change-point model, the change point found by grid search
    /// (0.25 K steps over the temperatures seen) for the least squared error.
    static func fitChangePoint(target: String, temperature: String, plant: String, data: [PeriodValues], offset: Int) throws -> BaselineModel {
        let temps = data.compactMap { $0.values[temperature] }
        guard let lo = temps.min(), let hi = temps.max(), hi - lo > 2 else {
            throw LinearModel.FitError(description: "the baseline's temperatures span too little for a change-point model")
        }
        var best: BaselineModel?
        var cp = lo + 1
        while cp < hi - 1 {
            if let m = try? fit(.changePoint(target: target, temperature: temperature, at: cp), plant: plant, data: data, offset: offset),
               best == nil || m.model.residualSD < best!.model.residualSD {
                var mm = m
                mm.kind = "changepoint"
                mm.changePoint = cp
                best = mm
            }
            cp += 0.25
        }
        guard let b = best else { throw LinearModel.FitError(description: "no change-point model could be fitted") }
        return b
    }
}
