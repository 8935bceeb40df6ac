/// The one per-row pipeline of a plant, used by every command: a row's readings become KPI
/// increments, the increments are booked into calendar periods (`report`) and rolling windows,
/// trends and session totals (the screen, `serve`'s /metrics), then the alarms see the row and
/// its increments, then drift detection. Because `report`, `replay`, `live` and `serve` all run
/// this code, a log raises the same alarms at the same instants whichever command reads it.
///
/// Pure and terminal-free: commands feed it rows and route the alarm events it returns.
public struct PlantPipeline: Sendable {
    public let plant: PlantDefinition
    public let slots: KPISlots
    public private(set) var engine: IncrementEngine
    /// Calendar periods (the `report` stage); nil when not asked for.
    public private(set) var report: PeriodReport?
    /// Monthly maximum demand (the maximum stage), where asked for and the tariff has a demand charge.
    public private(set) var demand: DemandMeter?
    /// The screen's shift stage (plants with shifts): the last eight days by shift and every alarm
    /// event of them, operator actions included — what the dashboard's handover view needs.
    public private(set) var shiftReport: PeriodReport?
    public private(set) var alarmLog: [AlarmEvent] = []
    private var nextTrim = -Double.infinity
    /// How far back the shift stage keeps: the shift handed over and the seven days before it.
    static let shiftKeep = 9 * 86_400.0
    /// The 15-minute, 1-hour and 24-hour windows (the screen stage); empty when not asked for.
    private(set) var windows: [RollingWindow]
    public private(set) var alarms: AlarmEngine
    public private(set) var drift: DriftMonitor
    public let detectDrift: Bool
    /// Everything since the pipeline started (for before/after totals).
    public private(set) var session: KPIAccumulator
    /// Per KPI: (time, value of the 1-hour window) every `trendStep` seconds, the last 24 hours.
    public private(set) var trends: [[(time: Double, value: Double?)]]
    public private(set) var now = -Double.infinity
    public private(set) var rows = 0
    /// Rows at or before `from` only prime the meters; rows after `to` are not booked or alarmed.
    public let from: Double
    public let to: Double
    private let screen: Bool
    private var nextTrend = -Double.infinity

    public static let windowLengths: [Double] = [900, 3600, 86_400]
    public static let windowNames = ["15 min", "1 h", "24 h"]
    static let trendStep = 600.0
    static let trendPoints = 144

    /// The stages a command wants beyond increments and alarms.
    public struct Stages: Sendable {
        /// Calendar periods for `report`, bounded by `from`/`to`.
        public var periods: (every: ReportPeriod, from: Double, to: Double)?
        /// Rolling windows, trends and session totals for the screen and /metrics.
        public var screen: Bool
        public var drift: Bool
        /// Monthly maximum demand, for a tariff with a demand charge (over `periods`' from/to).
        public var demand: Bool

        public init(periods: (every: ReportPeriod, from: Double, to: Double)? = nil, screen: Bool = true, drift: Bool = true, demand: Bool = false) {
            self.periods = periods
            self.screen = screen
            self.drift = drift
            self.demand = demand
        }
        /// What the dashboard and `serve` show.
        public static let screen = Stages()
        /// What `report` prints.
        public static func report(every: ReportPeriod, from: Double = -.infinity, to: Double = .infinity, drift: Bool = true, demand: Bool = false) -> Stages {
            Stages(periods: (every, from, to), screen: false, drift: drift, demand: demand)
        }
    }

    /// `rules`: the plant's alarm rules (nil: its defaults); drift alarms are always added.
    /// `timing`: the tags' intervals and maximum ages (`LogReader.learnTiming` for a log; nil: the
    /// site file's, right for live sources).
    /// `kpis`: a subset of the plant's KPIs (nil: all). `driftModels`: saved baselines; without
    /// them the first 30 days of the stream are the baseline.
    public init(plant: PlantDefinition, stages: Stages = .screen, kpis: [KPIDefinition]? = nil,
                rules: [AlarmRule]? = nil, driftModels: [BaselineModel] = [], timing: TagTiming? = nil) throws {
        self.plant = plant
        if stages.periods?.every == .shift && plant.shifts == nil { throw NoShifts(plant: plant.id) }
        var list = kpis ?? plant.kpis()
        // The maximum stage needs the demand meters integrated, whatever KPIs were asked for.
        if stages.demand, let tariff = plant.tariff, tariff.demand != nil,
           !tariff.meters.allSatisfy({ m in list.contains { $0.tags.contains(m) } }) {
            list.append(DemandMeter.meterKPI(tariff))
        }
        let s = try KPISlots(registry: plant.tags, kpis: list, timing: timing)
        slots = s
        engine = IncrementEngine(slots: s)
        report = stages.periods.map { PeriodReport(plant: plant, slots: s, every: $0.every, from: $0.from, to: $0.to) }
        from = stages.periods?.from ?? -.infinity
        to = stages.periods?.to ?? .infinity
        demand = stages.demand ? DemandMeter(plant: plant, slots: s, from: from, to: to) : nil
        shiftReport = stages.screen && plant.shifts != nil ? PeriodReport(plant: plant, slots: s, every: .shift) : nil
        screen = stages.screen
        windows = stages.screen ? PlantPipeline.windowLengths.map { RollingWindow(slots: s, length: $0, bucketCount: 120) } : []
        alarms = try AlarmEngine(plant: plant, rules: (rules ?? plant.alarmRules) + DriftMonitor.rules(for: plant), slots: s)
        drift = DriftMonitor(plant: plant, slots: s, models: driftModels, recentOnly: stages.screen)
        detectDrift = stages.drift
        session = KPIAccumulator(slots: s)
        trends = Array(repeating: [], count: stages.screen ? s.kpis.count : 0)
    }

    /// The screen's pipeline (what `PlantMonitor` was): windows, trends, session totals.
    public init(plant: PlantDefinition, rules: [AlarmRule]? = nil, driftModels: [BaselineModel] = [], timing: TagTiming? = nil) throws {
        try self.init(plant: plant, stages: .screen, rules: rules, driftModels: driftModels, timing: timing)
    }

    /// The tags a reader must deliver: those the KPIs, the alarm rules and the drift checks read.
    public var neededTags: Set<Int> {
        var tags = slots.usedTags.union(alarms.watchedTags)
        if detectDrift { for i in drift.rowTags { tags.insert(i) } }
        return tags
    }

    /// Takes in one row and evaluates the alarms at its instant; returns the alarm transitions,
    /// drift alarms included — the stream the journal, the screen, the log and /metrics follow.
    @discardableResult
    public mutating func ingest(_ row: ReadingRow) -> [AlarmEvent] {
        let t = row.time
        engine.row(row)
        report?.book(time: t, engine: engine)
        guard t > from, t <= to else { return [] }
        let increments = engine.pending
        demand?.observe(time: t, increments, engine: engine)
        if shiftReport != nil { shiftReport!.book(time: t, engine: engine) }
        if screen {
            for i in windows.indices { windows[i].add(time: t, increments) }
            session.apply(increments, time: t)
            if t >= nextTrend { sampleTrends(at: t) }
        }
        // A live source's clock may have run on past a late row (a followed log's backlog): the
        // row counts at its own time, the alarms are evaluated at the clock, which never goes back.
        now = max(now, t)
        rows += 1
        alarms.observe(row, increments: increments)
        var events = alarms.evaluate(now: now)
        guard detectDrift else { return log(events) }
        drift.observeRow(row)
        let changes = drift.observe(time: t, increments: increments)
        if !changes.isEmpty { events += alarms.apply(changes) }
        return log(events)
    }

    /// Keeps the alarm events for the shift stage (and drops what is older than it keeps).
    private mutating func log(_ events: [AlarmEvent]) -> [AlarmEvent] {
        guard shiftReport != nil else { return events }
        alarmLog += events
        if now >= nextTrim {
            let cut = now - PlantPipeline.shiftKeep
            if let i = alarmLog.firstIndex(where: { $0.time >= cut }), i > 0 { alarmLog.removeFirst(i) }
            shiftReport!.dropRows(endingBefore: cut)
            nextTrim = now + 3600
        }
        return events
    }

    /// The handover of the last complete shift (or one at `at`) from the shift stage.
    public func handover(at: Double? = nil) throws -> ShiftHandover {
        guard var r = shiftReport else { throw ShiftHandover.NoShift(description: "plant \(plant.id) has no shift calendar (site file: shifts, teams)") }
        r.finish()
        return try ShiftHandover(report: r, alarmEvents: alarmLog, at: at)
    }

    private mutating func sampleTrends(at t: Double) {
        for k in trends.indices {
            let e = windows[1].evaluate(k)
            trends[k].append((t, e.coverage >= 0.5 ? e.value : nil))
            if trends[k].count > PlantPipeline.trendPoints { trends[k].removeFirst(trends[k].count - PlantPipeline.trendPoints) }
        }
        nextTrend = (t / PlantPipeline.trendStep).rounded(.down) * PlantPipeline.trendStep + PlantPipeline.trendStep
    }

    /// Moves the clock without data (a quiet source): windows age, stale alarms can fire.
    public mutating func tick(to t: Double) -> [AlarmEvent] {
        guard t > now else { return [] }
        now = t
        for i in windows.indices { windows[i].advance(to: t) }
        return log(alarms.evaluate(now: t))
    }

    /// Closes the last period; call once after the last row.
    public mutating func finish() {
        report?.finish()
        demand?.finish()
    }

    /// A KPI over window `w` (0: 15 min, 1: 1 h, 2: 24 h): its value and whether it is certain
    /// (≥ 90 % of the window covered). Under half covered, there is no value worth showing.
    /// Where the KPI's tags cover different spans (a meter dropout) the ratio would be biased:
    /// no value.
    public func kpi(_ k: Int, window w: Int) -> (value: Double?, certain: Bool) {
        let e = windows[w].evaluate(k)
        return (e.coverage >= 0.5 ? e.value : nil, e.coverage >= 0.9 && e.value != nil)
    }

    /// A tag's latest value and its age in seconds at `now`.
    public func tag(_ i: Int) -> (value: Double?, age: Double?) {
        let t = engine.lastTime(of: i)
        guard !t.isNaN else { return (nil, nil) }
        return (engine.lastValue(of: i), now - t)
    }

    public mutating func acknowledge(_ id: String, now: Double, by who: String) -> AlarmEvent? {
        alarms.acknowledge(id, now: now, by: who).map { log([$0])[0] }
    }
    public mutating func shelve(_ id: String, for s: Double, now: Double, by who: String) -> AlarmEvent? {
        alarms.shelve(id, for: s, now: now, by: who).map { log([$0])[0] }
    }
    public mutating func restoreAlarms(from events: [AlarmEvent]) {
        alarms.restore(from: events)
        // The operators' actions restored count in the handover as when they were taken.
        guard shiftReport != nil else { return }
        alarmLog += events.filter { $0.plant == plant.id && [.acknowledge, .shelve, .unshelve].contains($0.event) && $0.time >= now - PlantPipeline.shiftKeep }
        alarmLog.sort { $0.time < $1.time }
    }
    public mutating func watchSilence(since start: Double, source: String) { alarms.watchSilence(since: start, source: source) }
    public mutating func resumeLastReading(tag: Int, time: Double) { alarms.resumeLastReading(tag: tag, time: time) }
    /// Raises or clears an alarm an outside analysis decides (a source's clock skew).
    public mutating func setExternal(_ id: String, active: Bool, message: String?) -> AlarmEvent? {
        alarms.setExternal(id, active: active, message: message, now: now).map { log([$0])[0] }
    }
}

/// A report by shift of a plant whose site file has no `shifts` section.
public struct NoShifts: Error, CustomStringConvertible {
    public let plant: String
    public var description: String { "plant \(plant) has no shift calendar (site file: shifts, teams)" }
}

/// The dashboard's name for a plant's pipeline.
public typealias PlantMonitor = PlantPipeline
