/// Everything the dashboard knows about one plant, kept current from its readings: the KPIs over
/// 15-minute, 1-hour and 24-hour windows, each KPI's trend, each tag's latest value, and the alarms.
/// Pure and terminal-free: the dashboard renders it, tests drive it.
public struct PlantMonitor: Sendable {
    public let plant: PlantDefinition
    public let slots: KPISlots
    public private(set) var engine: IncrementEngine
    public private(set) var windows: [RollingWindow]
    public private(set) var alarms: AlarmEngine
    public private(set) var drift: DriftMonitor
    /// Everything since the monitor started (for before/after totals).
    public private(set) var session: KPIAccumulator
    /// Per KPI: (time, value of the 1-hour window) every `trendStep` seconds, the last 24 hours.
    public private(set) var trends: [[(time: Double, value: Double?)]]
    public private(set) var now = -Double.infinity
    public private(set) var rows = 0
    private var nextTrend = -Double.infinity

    public static let windowLengths: [Double] = [900, 3600, 86_400]
    public static let windowNames = ["15 min", "1 h", "24 h"]
    public static let trendStep = 600.0
    public static let trendPoints = 144

    /// `driftModels`: saved baselines; without them the first 30 days of the stream are the baseline.
    public init(plant: PlantDefinition, rules: [AlarmRule]? = nil, driftModels: [BaselineModel] = []) throws {
        self.plant = plant
        let s = try KPISlots(registry: plant.tags, kpis: plant.kpis())
        slots = s
        engine = IncrementEngine(slots: s)
        windows = PlantMonitor.windowLengths.map { RollingWindow(slots: s, length: $0, bucketCount: 120) }
        alarms = try AlarmEngine(plant: plant, rules: (rules ?? plant.alarmRules) + DriftMonitor.rules(for: plant), slots: s)
        drift = DriftMonitor(plant: plant, slots: s, models: driftModels)
        session = KPIAccumulator(slots: s)
        trends = Array(repeating: [], count: s.kpis.count)
    }

    /// Takes in one row and evaluates the alarms at its instant; returns the alarm transitions.
    @discardableResult
    public mutating func ingest(time t: Double, tags: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>) -> [AlarmEvent] {
        engine.row(time: t, tags: tags, values: values)
        for i in windows.indices { windows[i].add(time: t, engine.pending) }
        session.apply(engine.pending, time: t)
        alarms.observe(time: t, tags: tags, values: values, increments: engine.pending)
        // A live source's clock may have run on past a late row (a followed log's backlog): the
        // row counts at its own time, the alarms are evaluated at the clock, which never goes back.
        now = max(now, t)
        rows += 1
        if t >= nextTrend {
            for k in trends.indices {
                trends[k].append((t, windows[1].coverage(k) >= 0.5 ? windows[1].value(k) : nil))
                if trends[k].count > PlantMonitor.trendPoints { trends[k].removeFirst(trends[k].count - PlantMonitor.trendPoints) }
            }
            nextTrend = (t / PlantMonitor.trendStep).rounded(.down) * PlantMonitor.trendStep + PlantMonitor.trendStep
        }
        drift.observeRow(time: t, tags: tags, values: values)
        return alarms.evaluate(now: now) + alarms.apply(drift.observe(time: t, increments: engine.pending))
    }

    /// Moves the clock without data (a quiet source): windows age, stale alarms can fire.
    public mutating func tick(to t: Double) -> [AlarmEvent] {
        guard t > now else { return [] }
        now = t
        for i in windows.indices { windows[i].advance(to: t) }
        return alarms.evaluate(now: t)
    }

    /// A KPI over window `w` (0: 15 min, 1: 1 h, 2: 24 h): its value and whether it is certain
    /// (≥ 90 % of the window covered). Under half covered, there is no value worth showing.
    public func kpi(_ k: Int, window w: Int) -> (value: Double?, certain: Bool) {
        let c = windows[w].coverage(k)
        return (c >= 0.5 ? windows[w].value(k) : nil, c >= 0.9)
    }

    /// A tag's latest value and its age in seconds at `now`.
    public func tag(_ i: Int) -> (value: Double?, age: Double?) {
        let t = engine.lastTime(of: i)
        guard !t.isNaN else { return (nil, nil) }
        return (engine.lastValue(of: i), now - t)
    }

    public mutating func acknowledge(_ id: String, now: Double, by who: String) -> AlarmEvent? { alarms.acknowledge(id, now: now, by: who) }
    public mutating func shelve(_ id: String, for s: Double, now: Double, by who: String) -> AlarmEvent? { alarms.shelve(id, for: s, now: now, by: who) }
    public mutating func restoreAlarms(from events: [AlarmEvent]) { alarms.restore(from: events) }
    public mutating func watchSilence(since start: Double, source: String) { alarms.watchSilence(since: start, source: source) }
    public mutating func resumeLastReading(tag: Int, time: Double) { alarms.resumeLastReading(tag: tag, time: time) }
    /// Raises or clears an alarm an outside analysis decides (a source's clock skew).
    public mutating func setExternal(_ id: String, active: Bool, message: String?) -> AlarmEvent? {
        alarms.setExternal(id, active: active, message: message, now: now)
    }
}
