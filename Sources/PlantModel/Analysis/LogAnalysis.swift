/// What `report` makes of a recorded log, row by row: the KPIs per period, the alarms the log
/// raises (every rule evaluated at every row, exactly as `replay` evaluates them), and drift.
/// One value fed in one place, so the per-row work stays inside this module, where the
/// optimiser sees all of it.
public struct LogAnalysis: Sendable {
    public private(set) var report: PeriodReport
    public private(set) var alarms: AlarmEngine
    public private(set) var drift: DriftMonitor
    public let detectDrift: Bool
    /// Every activation in the report's span, in time order.
    public private(set) var raised: [AlarmEvent] = []

    public init(report: PeriodReport, rules: [AlarmRule], driftModels: [BaselineModel], detectDrift: Bool = true) throws {
        self.report = report
        let p = report.plant
        alarms = try AlarmEngine(plant: p, rules: rules + DriftMonitor.rules(for: p), slots: report.slots)
        drift = DriftMonitor(plant: p, slots: report.slots, models: driftModels)
        self.detectDrift = detectDrift
    }

    /// The tags a reader must deliver: those the KPIs, the alarm rules and the drift checks read.
    public var neededTags: Set<Int> {
        var tags = report.slots.usedTags.union(alarms.watchedTags)
        for i in drift.rowTags { tags.insert(i) }
        return tags
    }

    /// Takes in one row of the log.
    public mutating func add(time t: Double, tags: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>) {
        report.add(time: t, tags: tags, values: values)
        guard t > report.from, t <= report.to else { return }
        let increments = report.engine.pending
        alarms.observe(time: t, tags: tags, values: values, increments: increments)
        for e in alarms.evaluate(now: t) where e.event == .activate { raised.append(e) }
        guard detectDrift else { return }
        drift.observeRow(time: t, tags: tags, values: values)
        let changes = drift.observe(time: t, increments: increments)
        if !changes.isEmpty {
            for e in alarms.apply(changes) where e.event == .activate { raised.append(e) }
        }
    }

    /// Closes the last period; call once after the last row.
    public mutating func finish() { report.finish() }
}
