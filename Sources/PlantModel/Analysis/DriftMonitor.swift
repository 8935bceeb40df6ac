/// Runs a plant's drift detectors on a stream: books each row's KPI increments into the current
/// local day, and when a day closes, reduces it to the KPIs the detectors read and feeds them. The
/// baseline is fitted on the first `baselineDays` complete days unless models are given.
public struct DriftMonitor: Sendable {
    public let plant: PlantDefinition
    public let slots: KPISlots
    public private(set) var detectors: [DriftDetector]
    public let baselineDays: Int
    private var day: KPIAccumulator
    private var dayBounds: (start: Double, end: Double) = (.nan, .nan)
    private var collected: [PeriodValues] = []
    private var needed: [(id: String, index: Int)]
    public private(set) var days: [PeriodValues] = []
    public private(set) var baselineFitted = false
    private(set) var fitProblem: String?
    /// Chiller power against curves, where the site file has `chiller_curves`.
    private var curveCheck: ChillerCurveCheck?
    private var curveRatios: [[Double?]] = []
    private(set) var installedChillers: String?
    private var curveChoice: Int?

    /// Closed days kept in `days`, and with `recentOnly` each detector's points.
    static let recentDays = 400

    /// `recentOnly`: keep the last `recentDays` of detector points, not the whole stream's (the screen).
    public init(plant: PlantDefinition, slots: KPISlots, models: [BaselineModel] = [], baselineDays: Int = 30, recentOnly: Bool = false) {
        self.plant = plant
        self.slots = slots
        self.baselineDays = baselineDays
        let specs = plant.drift
        detectors = specs.map { s in
            var d = DriftDetector(spec: s, model: models.first { $0.id == s.baseline.id })
            if recentOnly { d.pointLimit = DriftMonitor.recentDays }
            return d
        }
        baselineFitted = !models.isEmpty
        var ids: [String] = []
        for s in specs { for id in [s.baseline.target] + s.baseline.drivers where !ids.contains(id) { ids.append(id) } }
        needed = ids.compactMap { id in slots.kpis.firstIndex { $0.id == id }.map { (id, $0) } }
        day = KPIAccumulator(slots: slots)
        if ids.contains(ChillerCurveCheck.targetID), let c = plant.chillerCurves { curveCheck = ChillerCurveCheck(plant: plant, config: c) }
        if let m = models.first(where: { $0.target == ChillerCurveCheck.targetID }), let choice = m.changePoint.map(Int.init) {
            curveChoice = choice
        }
    }

    /// Tags the row-level checks read (beyond the KPIs' own).
    var rowTags: [Int] { curveCheck?.rowTags ?? [] }

    /// Takes a row's readings (for checks that need them, such as chiller curves).
    mutating func observeRow(_ row: ReadingRow) {
        curveCheck?.observe(row)
    }

    /// Takes a row's increments; returns the drift changes of any day that closed.
    mutating func observe(time t: Double, increments: UnsafeBufferPointer<Increment>) -> [(spec: DriftSpec, change: DriftDetector.Change, at: Double)] {
        guard !increments.isEmpty else { return [] }
        let key = t - 1e-6
        var out: [(DriftSpec, DriftDetector.Change, Double)] = []
        if !(key >= dayBounds.start && key < dayBounds.end) {
            if !dayBounds.start.isNaN { out = close(at: t) }
            dayBounds = ReportPeriod.day.bounds(key, offset: plant.utcOffset)
            day = KPIAccumulator(slots: slots)
        }
        day.apply(increments, time: t)
        return out
    }

    private mutating func close(at t: Double) -> [(DriftSpec, DriftDetector.Change, Double)] {
        let totals = day.totals
        var v: [String: Double] = [:], c: [String: Double] = [:]
        totals.withUnsafeBufferPointer { p in
            for (id, k) in needed {
                let e = slots.evaluate(k, p, seconds: 86_400)
                c[id] = e.coverage
                if e.coverage >= 0.9, let x = e.value { v[id] = x }
            }
        }
        var ratios: [Double?] = []
        if curveCheck != nil {
            ratios = curveCheck!.closeDay()
            // A day without chiller operation says nothing about the chillers.
            guard ratios.contains(where: { $0 != nil }) else { return [] }
            if let k = curveChoice, let r = ratios[k] { v[ChillerCurveCheck.targetID] = r }
        }
        let values = PeriodValues(start: dayBounds.start, values: v, coverage: c)
        // Only complete days count: every KPI the detectors read has a value (a chiller plant out
        // of season has no COP, a day with a long dropout is under-covered).
        guard needed.allSatisfy({ v[$0.id] != nil }) else { return [] }
        days.append(values)
        if days.count > DriftMonitor.recentDays { days.removeFirst() }
        if !baselineFitted {
            collected.append(values)
            if curveCheck != nil { curveRatios.append(ratios) }
            if collected.count >= baselineDays {
                fitBaseline(collected)
                collected = []
            }
            return []
        }
        var out: [(DriftSpec, DriftDetector.Change, Double)] = []
        for i in detectors.indices {
            if let ch = detectors[i].add(values) { out.append((detectors[i].spec, ch, t)) }
        }
        return out
    }

    /// Fits every detector's model on `data`; a target that cannot be fitted (a chiller plant that
    /// never ran, say) stays without a model and detects nothing.
    mutating func fitBaseline(_ data0: [PeriodValues]) {
        var problems: [String] = []
        var data = data0
        if let check = curveCheck, curveChoice == nil, !curveRatios.isEmpty {
            // The installed machines: the candidate whose curves explain the baseline days best.
            let errors = check.candidates.indices.map { k -> Double in
                let r = curveRatios.compactMap { $0[k] }
                return r.isEmpty ? .infinity : r.reduce(0) { $0 + abs($1 - 1) } / Double(r.count)
            }
            if let best = errors.indices.min(by: { errors[$0] < errors[$1] }), errors[best].isFinite {
                curveChoice = best
                installedChillers = check.candidates[best].name
                for i in data.indices where i < curveRatios.count { data[i].values[ChillerCurveCheck.targetID] = curveRatios[i][best] }
            }
        }
        for i in detectors.indices {
            do {
                var m = try BaselineModel.fit(detectors[i].spec.baseline, plant: plant.id, data: data, offset: plant.utcOffset)
                // A curve-based model remembers which installation it chose (saved baselines too).
                if m.target == ChillerCurveCheck.targetID, let k = curveChoice { m.changePoint = Double(k) }
                detectors[i].setModel(m)
            } catch {
                problems.append("\(detectors[i].spec.alarmID): \(error)")
            }
        }
        baselineFitted = true
        fitProblem = problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// The drift alarm rules to add to a plant's alarm engine.
    public static func rules(for plant: PlantDefinition) -> [AlarmRule] {
        plant.drift.map {
            AlarmRule(id: $0.alarmID, target: $0.baseline.target, kind: .external, limit: 0.5, priority: $0.priority, message: $0.message)
        }
    }
}
