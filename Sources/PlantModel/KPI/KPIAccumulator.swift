/// Sums a plant's KPI terms over every row it is fed, then evaluates each KPI as a ratio of
/// those sums. This is the "whole period" engine; rolling windows keep the same sums per bucket.
public struct KPIAccumulator: Sendable {
    public let kpis: [KPIDefinition]
    private let registry: TagRegistry
    private var integrators: [TagIntegrator]
    /// Per tag: Σ quantity increments, Σ value·Δt (hours).
    private var quantity: [Double]
    private var timeIntegral: [Double]
    /// Σ value(tag)·Δquantity(by) for each (tag, by) pair used by a weighted term.
    private let weightedPairs: [(tag: Int, by: Int)]
    private var weighted: [Double]
    private var lastRowTime = Double.nan
    private var lastValue: [Double]
    public private(set) var hours = 0.0
    public private(set) var rows = 0
    public private(set) var rollovers = 0
    public private(set) var resets = 0
    private var deltas: [Double]

    public init(registry: TagRegistry, kpis: [KPIDefinition]) {
        self.registry = registry
        self.kpis = kpis
        integrators = registry.tags.map { TagIntegrator(spec: $0) }
        quantity = Array(repeating: 0, count: registry.count)
        timeIntegral = Array(repeating: 0, count: registry.count)
        lastValue = Array(repeating: .nan, count: registry.count)
        deltas = Array(repeating: 0, count: registry.count)
        var pairs: [(Int, Int)] = []
        for k in kpis {
            for term in k.numerator + (k.denominator ?? []) {
                if case .weighted(let t, let by, _) = term, let ti = registry.index(of: t), let bi = registry.index(of: by),
                   !pairs.contains(where: { $0 == (ti, bi) }) {
                    pairs.append((ti, bi))
                }
            }
        }
        weightedPairs = pairs
        weighted = Array(repeating: 0, count: pairs.count)
    }

    /// Feeds one row: `values[i]` is tag i's reading, NaN where the row has none.
    public mutating func add(time: Double, values: [Double]) {
        rows += 1
        if !lastRowTime.isNaN {
            let dt = time - lastRowTime
            if dt > 0 && dt <= 300 * 5 { hours += dt / 3600 }
        }
        lastRowTime = time
        for i in 0..<values.count {
            let v = values[i]
            guard !v.isNaN else { deltas[i] = 0; continue }
            let r = integrators[i].add(time: time, value: v)
            deltas[i] = r.delta
            switch r.event {
            case .rollover: rollovers += 1
            case .reset: resets += 1
            case nil: break
            }
            if registry.tags[i].kind == .totaliser || registry.tags[i].kind == .rate {
                quantity[i] += r.delta
            } else {
                timeIntegral[i] += r.delta
            }
            lastValue[i] = v
        }
        for (k, p) in weightedPairs.enumerated() where !values[p.tag].isNaN {
            weighted[k] += values[p.tag] * deltas[p.by]
        }
    }

    func sum(_ terms: [KPITerm]) -> Double {
        var s = 0.0
        for term in terms {
            switch term {
            case .quantity(let t, let c):
                if let i = registry.index(of: t) { s += c * quantity[i] }
            case .timeIntegral(let t, let c):
                if let i = registry.index(of: t) { s += c * timeIntegral[i] }
            case .weighted(let t, let by, let c):
                if let ti = registry.index(of: t), let bi = registry.index(of: by),
                   let k = weightedPairs.firstIndex(where: { $0 == (ti, bi) }) { s += c * weighted[k] }
            case .hours(let c):
                s += c * hours
            }
        }
        return s
    }

    /// A KPI's value over everything fed so far; nil when its denominator is zero.
    public func value(_ kpi: KPIDefinition) -> Double? {
        let num = sum(kpi.numerator)
        guard let den = kpi.denominator else { return kpi.scale * num }
        let d = sum(den)
        guard d != 0 else { return nil }
        return kpi.scale * num / d
    }

    public func value(_ id: String) -> Double? {
        kpis.first { $0.id == id }.flatMap { value($0) }
    }

    /// The summed quantity of one tag (m³, t, kWh …).
    public func total(_ tag: String) -> Double {
        registry.index(of: tag).map { quantity[$0] } ?? 0
    }
}
