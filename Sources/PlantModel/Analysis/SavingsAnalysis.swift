/// IPMVP-style avoided energy: a baseline fitted on the "before" period, projected onto the
/// "after" period's conditions; savings = adjusted baseline − reporting-period energy, with the
/// ASHRAE Guideline 14 fractional savings uncertainty.
public struct SavingsAnalysis: Sendable {
    public var plant: PlantDefinition
    public var baseline: BaselineModel
    /// Periods (days, or hours for an hourly model) in the baseline fit and in the comparison.
    public var beforeDays: Int
    public var afterDays: Int
    /// Complete days below which `compare --resolution auto` models hours instead (ISO 50006
    /// practice: 10–12 baseline points at least).
    public static let minimumDailyPoints = 12
    public var beforeEnergy: Double
    public var afterEnergy: Double
    public var adjustedBaseline: Double
    public var savings: Double { adjustedBaseline - afterEnergy }
    public var fraction: Double { adjustedBaseline != 0 ? savings / adjustedBaseline : 0 }
    /// Fractional savings uncertainty at 90 % confidence: the model's and, where the target's meter
    /// states its accuracy, the meter's, combined in quadrature.
    public var fsu90: Double
    /// The baseline model's part alone (ASHRAE Guideline 14-2014 Annex B).
    public var modelFSU90: Double = .infinity
    /// The meter's part: its accuracy (a systematic error of the same meter before and after
    /// scales the savings by the same factor); nil when the site file states none.
    public var meterFSU90: Double?
    /// Normalised savings: both periods' models projected onto the "before" period's conditions.
    public var normalisedSavings: Double?
    public var energyUnit: Unit
    /// What the energy is: electricity, gas, mix (tce) or other (heat bought, say: no factors).
    public var carrier: BaselineSpec.Carrier = .electricity
    public var resolution: Guideline14.Resolution

    public struct Money: Sendable { public var costCNY: Double, tce: Double, co2eT: Double }

    /// Cost, coal equivalent and CO₂e of the saved energy under the plant's factors.
    /// nil when the site's factors do not price this energy (heat, or an unknown carrier):
    /// no cost is better than a cost at the wrong price.
    public func value(_ f: EnergyFactors) -> Money? {
        switch (carrier, energyUnit) {
        case (.other, _): return nil
        case (_, .cubicMetre):
            return Money(costCNY: savings * f.gasPrice, tce: savings * f.gasKgce / 1000, co2eT: savings * f.gasCO2 / 1000)
        case (_, .kilowattHour):
            return Money(costCNY: savings * f.electricityPrice, tce: savings * f.electricityKgce / 1000, co2eT: savings * f.gridCO2 / 1000)
        case (_, .tonneCoalEquivalent):
            // Energy already in tce; cost and CO₂ pro rata to the before period's mix is beyond a
            // single factor, so they are given for electricity at the plant's factors.
            let kwh = savings * 1000 / f.electricityKgce
            return Money(costCNY: kwh * f.electricityPrice, tce: savings, co2eT: kwh * f.gridCO2 / 1000)
        default:
            return nil
        }
    }

    /// Whether an hourly baseline has the data for a time-of-week model: at least two rows per
    /// parameter (its drivers, an indicator per hour of the week seen twice, the intercept).
    public static func timeOfWeekFits(spec: BaselineSpec, before: [PeriodValues], offset: Int) -> Bool {
        let rows = before.filter { p in p.values[spec.target] != nil && spec.drivers.allSatisfy { p.values[$0] != nil } }
        var seen = Array(repeating: 0, count: 168)
        for r in rows { seen[BaselineModel.hourOfWeek(r.start, offset: offset)] += 1 }
        let hours = seen.filter { $0 >= 2 }
        let parameters = spec.regressorNames.count + hours.count
        return hours.count >= 2 && hours.reduce(0, +) >= 2 * parameters
    }

    /// `resolution`: what the periods are (days or hours; Guideline 14's thresholds and the
    /// uncertainty's α follow it). `timeOfWeek`: an hourly model with time-of-week indicators
    /// (`BaselineModel.fitTimeOfWeek`), for hourly data only.
    public static func analyse(plant: PlantDefinition, spec: BaselineSpec, before: [PeriodValues], after: [PeriodValues],
                               changePoint temperature: String? = nil, timeOfWeek: Bool = false,
                               resolution: Guideline14.Resolution = .daily) throws -> SavingsAnalysis {
        let model: BaselineModel
        if let temperature {
            model = try BaselineModel.fitChangePoint(target: spec.target, temperature: temperature, plant: plant.id, data: before, offset: plant.utcOffset)
        } else if timeOfWeek {
            guard resolution == .hourly else { throw LinearModel.FitError(description: "a time-of-week model needs hourly data") }
            model = try BaselineModel.fitTimeOfWeek(spec, plant: plant.id, data: before, offset: plant.utcOffset)
        } else {
            model = try BaselineModel.fit(spec, plant: plant.id, data: before, offset: plant.utcOffset)
        }
        let used = after.filter { model.expected($0) != nil && $0.values[spec.target] != nil }
        guard !used.isEmpty else { throw LinearModel.FitError(description: "the after period has no complete \(resolution == .hourly ? "hours" : "days") to compare") }
        let adjusted = used.reduce(0) { $0 + model.expected($1)! }
        let actual = used.reduce(0) { $0 + $1.values[spec.target]! }
        let beforeTotal = before.compactMap { $0.values[spec.target] }.reduce(0, +)
        // Normalised savings: an "after" model projected onto the before conditions.
        var normalised: Double?
        if temperature == nil, let afterModel = try? (timeOfWeek ? BaselineModel.fitTimeOfWeek(spec, plant: plant.id, data: after, offset: plant.utcOffset)
                                                                 : BaselineModel.fit(spec, plant: plant.id, data: after, offset: plant.utcOffset)) {
            let b = before.filter { model.expected($0) != nil }
            normalised = b.reduce(0) { $0 + model.expected($1)! } - b.reduce(0) { $0 + afterModel.expected($1)! }
        }
        let f = adjusted != 0 ? (adjusted - actual) / adjusted : 0
        // Daily data: α = 1.0; hourly: Guideline 14's α = 1.26 for hourly and 15-minute data; both
        // with the autocorrelation correction (nmecr applies it for ρ ≥ 0.5; here whenever ρ > 0,
        // the more cautious reading — hourly residuals are strongly autocorrelated).
        let m = model.model
        let fsu = f != 0 ? Guideline14.fractionalSavingsUncertainty(cv: m.cvRMSE, savingsFraction: f, n: m.n, m: used.count,
                                                                     rho: max(0, m.autocorrelation), parameters: m.parameters,
                                                                     alpha: resolution == .hourly ? 1.26 : 1.0) : .infinity
        let unit = plant.kpis().first { $0.id == spec.target }?.unit ?? .kilowattHour
        let meter = meterUncertainty90(plant: plant, target: spec.target)
        var s = SavingsAnalysis(plant: plant, baseline: model, beforeDays: m.n, afterDays: used.count, beforeEnergy: beforeTotal,
                                afterEnergy: actual, adjustedBaseline: adjusted, fsu90: combined(fsu, meter), normalisedSavings: normalised,
                                energyUnit: unit, carrier: spec.carrier, resolution: resolution)
        s.modelFSU90 = fsu
        s.meterFSU90 = meter
        return s
    }

    /// Model and meter uncertainty are independent: their root sum of squares, as ASHRAE Guideline
    /// 14-2014 Annex B and EVO's Uncertainty Assessment for IPMVP (2019) combine independent
    /// components.
    static func combined(_ model: Double, _ meter: Double?) -> Double {
        guard let meter else { return model }
        return (model * model + meter * meter).squareRoot()
    }

    /// The target KPI's meter error as a fraction of the savings at 90 % confidence. The error is
    /// systematic (the same meter reads both periods), so it scales both, and the savings, by the
    /// same unknown factor within ± its accuracy; taken as uniform over that interval (GUM 4.3.7,
    /// the class limit being all that is known), 90 % of it lies within ± 0.9 × the accuracy.
    /// nil unless the KPI counts exactly one meter that states its accuracy: a mix of meters (tce
    /// from gas and electricity) weighs their errors by shares the savings do not tell.
    static func meterUncertainty90(plant: PlantDefinition, target: String) -> Double? {
        guard let k = plant.kpis().first(where: { $0.id == target }), k.denominator == nil else { return nil }
        var meters: Set<Int> = []
        for term in k.numerator {
            guard case .quantity(let tag, _) = term, let i = plant.tags.index(of: tag) else { return nil }
            let t = plant.tags.tags[i]
            meters.insert(t.kind == .totaliser ? (t.integrates.flatMap { plant.tags.index(of: $0) } ?? -1) : i)
        }
        guard meters.count == 1, let i = meters.first, i >= 0, let a = plant.tags.tags[i].accuracy else { return nil }
        return 0.9 * a
    }
}
