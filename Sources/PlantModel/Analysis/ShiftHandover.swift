/// What the operator taking over needs from the shift that ends: its KPIs against target and
/// against the same shift of the last seven days, the alarms it raised and those still open at its
/// end (acknowledged or shelved, and by whom), meter events, and what data was rejected.
///
/// Built from a report by shift (`PeriodReport` with `every == .shift`) and the alarm events of the
/// same pipeline, merged with an alarm journal's operator actions (the log knows what tripped; only
/// the journal knows who acknowledged or shelved it).
public struct ShiftHandover: Sendable {
    public struct KPILine: Sendable {
        public var kpi: KPIDefinition
        public var value: Double?
        public var coverage: Double
        /// The same shift over the previous seven days, as one ratio of sums; nil without data.
        public var lastWeek: Double?
        public var lastWeekShifts: Int
        public enum Status: String, Sendable { case ok, offTarget = "off target", beyondLimit = "beyond limit", unknown, noTarget = "" }
        public var status: Status {
            guard kpi.target != nil || kpi.limit != nil else { return .noTarget }
            guard let v = value, coverage >= 0.5 else { return .unknown }
            let worse: (Double, Double) -> Bool = { kpi.higherIsBetter ? $0 < $1 : $0 > $1 }
            if let l = kpi.limit, worse(v, l) { return .beyondLimit }
            if let t = kpi.target, worse(v, t) { return .offTarget }
            return .ok
        }
    }

    public struct OpenAlarm: Sendable {
        public var id: String
        public var priority: AlarmPriority
        public var since: Double
        public var message: String
        public var acknowledgedBy: String?
        public var shelvedBy: String?
        public var shelvedUntil: Double?
    }

    public var plant: PlantDefinition
    public var slot: ShiftCalendar.Slot
    public var label: String
    /// The log ends before the shift does: its figures cover only part of it.
    public var partial: Bool
    public var kpis: [KPILine]
    /// Every alarm event inside the shift, in time order (activations, returns, operator actions).
    public var events: [AlarmEvent]
    public var open: [OpenAlarm]
    public var meterEvents: [PeriodReport.MeterEvent]

    public struct NoShift: Error, CustomStringConvertible {
        public var description: String
    }

    /// `at`: an instant inside the wanted shift; nil for the last complete shift of the log (or the
    /// one in progress when none is complete).
    public init(report r: PeriodReport, alarmEvents: [AlarmEvent], journal: [AlarmEvent] = [], at: Double? = nil) throws {
        guard r.every == .shift, let cal = r.plant.shifts else { throw NoShift(description: "a handover needs a report by shift") }
        guard !r.lastTime.isNaN else { throw NoShift(description: "the log has no rows") }
        plant = r.plant
        var s: ShiftCalendar.Slot
        if let at {
            s = cal.slot(at: at)
        } else {
            s = cal.slot(at: r.lastTime - 1e-6)
            // The log reaches into a shift that has not ended: hand over the one before it, if the
            // log covers it.
            if s.end > r.lastTime + 1e-6 && cal.slot(at: s.start - 1).end > r.firstTime { s = cal.slot(at: s.start - 1) }
        }
        slot = s
        label = cal.label(s)
        partial = s.end > r.lastTime + 1e-6
        guard let row = r.rows.first(where: { $0.start == s.start }) else {
            throw NoShift(description: "the log has no data in the shift \(cal.label(s)) (it spans \(ISO8601.format(r.firstTime, offset: r.plant.utcOffset)) to \(ISO8601.format(r.lastTime, offset: r.plant.utcOffset)))")
        }
        // The same shift on each of the seven days before: its rows, summed into one ratio.
        let previous = (1...7).compactMap { d in r.rows.first { $0.start == s.start - Double(d) * 86_400 } }
        var week = Array(repeating: 0.0, count: r.slots.count)
        for p in previous { for i in week.indices { week[i] += p.sums[i] } }
        let weekSeconds = previous.reduce(0) { $0 + r.span(of: $1) }
        let span = r.span(of: row)
        kpis = r.slots.kpis.enumerated().map { k, def in
            let e = r.evaluate(k, sums: row.sums, seconds: span)
            let w = r.evaluate(k, sums: week, seconds: weekSeconds)
            // A ratio compares as it is; a total (no denominator) as the week's per shift-length.
            let weekValue = def.denominator == nil ? w.value.map { $0 * span / weekSeconds } : w.value
            return KPILine(kpi: def, value: e.value, coverage: e.coverage, lastWeek: w.coverage >= 0.5 ? weekValue : nil, lastWeekShifts: previous.count)
        }
        let inShift: (Double) -> Bool = { $0 > s.start && $0 <= s.end }
        let merged = (alarmEvents + journal.filter { $0.plant == r.plant.id && [.acknowledge, .shelve, .unshelve].contains($0.event) })
            .sorted { $0.time < $1.time }
        events = merged.filter { inShift($0.time) }
        meterEvents = r.meterEvents.filter { inShift($0.time) }
        // Alarm states at the shift's end, replayed from every event up to it.
        var state: [String: OpenAlarm] = [:]
        for e in merged where e.time <= s.end {
            switch e.event {
            case .activate:
                state[e.alarm] = OpenAlarm(id: e.alarm, priority: e.priority, since: e.time, message: e.message,
                                           shelvedBy: state[e.alarm]?.shelvedBy, shelvedUntil: state[e.alarm]?.shelvedUntil)
            case .clear:
                state[e.alarm] = nil
            case .acknowledge:
                state[e.alarm]?.acknowledgedBy = e.operatorName ?? "?"
            case .shelve:
                if state[e.alarm] != nil { state[e.alarm]!.shelvedBy = e.operatorName ?? "?"; state[e.alarm]!.shelvedUntil = e.shelvedUntil }
            case .unshelve:
                state[e.alarm]?.shelvedBy = nil
                state[e.alarm]?.shelvedUntil = nil
            }
        }
        // Still active at the end; a shelf that ran out before it no longer hides the alarm.
        open = state.values
            .map { a in
                var a = a
                if let u = a.shelvedUntil, u <= s.end { a.shelvedBy = nil; a.shelvedUntil = nil }
                return a
            }
            .sorted { $0.priority != $1.priority ? $0.priority < $1.priority : $0.since < $1.since }
    }
}
