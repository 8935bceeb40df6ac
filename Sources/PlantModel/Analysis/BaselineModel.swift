/// A fitted baseline: the spec's regression on a chosen period, saveable as JSON.
public struct BaselineModel: Sendable, Codable {
    public var plant: String
    public var id: String
    public var target: String
    public var drivers: [String]
    public var kind: String                 // "ols" or "changepoint"
    public var changePoint: Double?
    public var model: LinearModel
    public var from: String
    public var to: String

    public func spec() -> BaselineSpec {
        if kind == "changepoint", let cp = changePoint { return .changePoint(target: target, temperature: drivers[0], at: cp) }
        // The regressors are named after the drivers they multiply ("steam_t*mains_temp"; files
        // saved before site files wrote "×"), so a saved model rebuilds them without its plant.
        let factors = model.names.map { name in
            name.split(whereSeparator: { $0 == "*" || $0 == "×" }).compactMap { drivers.firstIndex(of: $0.trimmed) }
        }
        return BaselineSpec.products(id: id, target: target, drivers: drivers, regressors: Array(zip(model.names, factors)))
    }

    /// Expected value of the target for one period's driver values; nil when a driver is missing.
    public func expected(_ p: PeriodValues) -> Double? {
        let d = drivers.compactMap { p.values[$0] }
        guard d.count == drivers.count else { return nil }
        return model.predict(spec().regressors(d))
    }

    /// Prediction standard error for one period's drivers.
    public func predictionSE(_ p: PeriodValues) -> Double? {
        let d = drivers.compactMap { p.values[$0] }
        guard d.count == drivers.count else { return nil }
        return model.predictionSE(spec().regressors(d))
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
