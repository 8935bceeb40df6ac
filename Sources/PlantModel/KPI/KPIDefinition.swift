/// One term of a KPI formula, summed over a window.
public enum KPITerm: Sendable, Equatable {
    /// The quantity a meter counted: a totaliser's advance, or a rate integrated over time
    /// (m³/h → m³, kW → kWh), times `coef`.
    case quantity(String, coef: Double = 1)
    /// Σ value(tag) · Δquantity(by): e.g. feedwater temperature weighted by steam, so a ratio
    /// against `.quantity(by)` gives a flow-weighted mean.
    case weighted(String, by: String, coef: Double = 1)
    /// Σ value(tag) · Δt in hours, for time-weighted means against `.hours(tag)`.
    case timeIntegral(String, coef: Double = 1)
    /// Hours the tag's samples cover.
    case hours(String, coef: Double = 1)
    /// The quantity a meter counted, each interval's share times the schedule's mean value over
    /// that interval: kWh at a time-of-use price.
    case scheduled(String, TimeSchedule, coef: Double = 1)
    /// ∫ schedule dt in hours over the stream's row-to-row intervals, whatever the meters read:
    /// a quantity fixed by the calendar (credits retired for a year, spread over it).
    case clock(TimeSchedule, coef: Double = 1)

    var tags: [String] {
        switch self {
        case .quantity(let t, _), .timeIntegral(let t, _), .hours(let t, _), .scheduled(let t, _, _): return [t]
        case .weighted(let t, let by, _): return [t, by]
        case .clock: return []
        }
    }
}

/// A KPI as a ratio of sums over a window (never a mean of ratios): value = scale · Σnum / Σden.
/// Without a denominator it is a plain total, scaled.
public struct KPIDefinition: Sendable, Equatable {
    public var id: String
    public var name: String
    public var unit: Unit
    /// The formula in words and units, for help screens and the README.
    public var formula: String
    public var numerator: [KPITerm]
    public var denominator: [KPITerm]?
    public var scale: Double
    /// Design target and alarm limit, where the plant has them.
    public var target: Double?
    public var limit: Double?
    public var higherIsBetter: Bool
    /// Decimal places worth showing.
    public var decimals: Int
    /// A short label for narrow places (the overview's gauges), from the site file.
    public var label: String?

    public init(_ id: String, _ name: String, _ unit: Unit, formula: String,
                numerator: [KPITerm], denominator: [KPITerm]? = nil, scale: Double = 1,
                target: Double? = nil, limit: Double? = nil, higherIsBetter: Bool = false, decimals: Int = 2) {
        self.id = id; self.name = name; self.unit = unit; self.formula = formula
        self.numerator = numerator; self.denominator = denominator; self.scale = scale
        self.target = target; self.limit = limit; self.higherIsBetter = higherIsBetter; self.decimals = decimals
    }

    /// Every tag the formula reads.
    public var tags: [String] {
        var seen: [String] = []
        for t in numerator + (denominator ?? []) { for id in t.tags where !seen.contains(id) { seen.append(id) } }
        return seen
    }
}

/// The KPIs every plant carries: cost, coal equivalent and CO₂e from its gas and electricity.
enum CommonKPIs {
    /// `gas` is a gas totaliser (m³); `electricity` lists (totaliser kWh, CO₂ kg/kWh) pairs.
    static func accounting(gas: String?, electricity: [(tag: String, co2: Double)], factors f: EnergyFactors) -> [KPIDefinition] {
        var cost: [KPITerm] = electricity.map { .quantity($0.tag, coef: f.electricityPrice) }
        var tce: [KPITerm] = electricity.map { .quantity($0.tag, coef: f.electricityKgce / 1000) }
        var co2: [KPITerm] = electricity.map { .quantity($0.tag, coef: $0.co2 / 1000) }
        var gasPart = ""
        if let gas {
            cost.append(.quantity(gas, coef: f.gasPrice))
            tce.append(.quantity(gas, coef: f.gasKgce / 1000))
            co2.append(.quantity(gas, coef: f.gasCO2 / 1000))
            gasPart = " + gas m³ × "
        }
        let e = electricity.map(\.tag).joined(separator: " + ")
        var list = [
            KPIDefinition("energy_cost", "Energy cost", .yuan,
                          formula: "(\(e)) kWh × \(f.electricityPrice) CNY/kWh" + (gas != nil ? gasPart + "\(f.gasPrice) CNY/m³" : ""),
                          numerator: cost, decimals: 0),
            KPIDefinition("tce", "Energy (coal equivalent)", .tonneCoalEquivalent,
                          formula: "kWh × \(f.electricityKgce) kgce/kWh" + (gas != nil ? gasPart + String(format3(f.gasKgce)) + " kgce/m³ (LHV \(f.gasLHV) MJ/m³ ÷ 29.3076)" : "") + ", ÷ 1000",
                          numerator: tce, decimals: 2),
            KPIDefinition("co2e_t", "CO₂e", .tonneCO2e,
                          formula: electricity.map { "\($0.tag) kWh × \($0.co2) kg/kWh" }.joined(separator: " + ") + (gas != nil ? gasPart + "\(format3(f.gasCO2)) kg/m³ (\(format3(f.gasCO2PerGJ)) kg/GJ × LHV)" : "") + ", ÷ 1000",
                          numerator: co2, decimals: 2),
        ]
        for (i, label) in ["cost", "coal eq.", "CO₂e"].enumerated() { list[i].label = label }
        return list
    }

    static func format3(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return "\(r)"
    }
}
