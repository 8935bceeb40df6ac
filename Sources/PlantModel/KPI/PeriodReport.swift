/// How a report cuts time: calendar periods in the plant's local time.
public enum ReportPeriod: String, Sendable, CaseIterable {
    case hour, shift, day, week, month, all

    /// The period containing `t` (local calendar, weeks start on Monday; shifts from the plant's
    /// shift calendar, which `.shift` needs): [start, end).
    public func bounds(_ t: Double, offset: Int, shifts: ShiftCalendar? = nil) -> (start: Double, end: Double) {
        let c = CivilTime(epoch: t, offset: offset)
        switch self {
        case .shift:
            guard let shifts else { preconditionFailure("report by shift without a shift calendar") }
            let s = shifts.slot(at: t)
            return (s.start, s.end)
        case .hour:
            let s = CivilTime(year: c.year, month: c.month, day: c.day, hour: c.hour).epoch(offset: offset)
            return (s, s + 3600)
        case .day:
            let s = CivilTime(year: c.year, month: c.month, day: c.day).epoch(offset: offset)
            return (s, s + 86_400)
        case .week:
            let s = CivilTime(year: c.year, month: c.month, day: c.day).epoch(offset: offset) - Double(c.weekday) * 86_400
            return (s, s + 7 * 86_400)
        case .month:
            let s = CivilTime(year: c.year, month: c.month, day: 1).epoch(offset: offset)
            let (ny, nm) = c.month == 12 ? (c.year + 1, 1) : (c.year, c.month + 1)
            return (s, CivilTime(year: ny, month: nm, day: 1).epoch(offset: offset))
        case .all:
            return (-.infinity, .infinity)
        }
    }
}

/// KPIs per calendar period and over the whole log, from readings in time order: the `report`
/// stage of a `PlantPipeline`.
///
/// A reading's increment covers the interval since its tag's previous reading and is booked to
/// the period that interval ends in. Periods with no data inside the log's span are kept, empty,
/// so a missing day shows as missing rather than vanishing.
public struct PeriodReport: Sendable {
    public struct Row: Sendable {
        public var start: Double
        public var end: Double
        public var sums: [Double]
    }

    public struct MeterEvent: Sendable, Equatable {
        public var time: Double
        public var tag: String
        public var event: TagIntegrator.Event
    }

    public let plant: PlantDefinition
    public let slots: KPISlots
    public let every: ReportPeriod
    public let from: Double
    public let to: Double
    public private(set) var rows: [Row] = []
    /// Added to the sum of the periods for the whole report's totals: what the estimate marks of
    /// dropouts straddling periods took away, and those dropouts' covered hours.
    private var correction: [Double]
    /// Whole-report sums: the periods are disjoint and cover every booked interval, so the total
    /// is their sum (compensated), computed once instead of per reading.
    public var totals: [Double] {
        var s = Array(repeating: 0.0, count: slots.count), c = s
        for r in rows {
            for k in 0..<s.count {
                let v = r.sums[k], t = s[k] + v
                c[k] += abs(s[k]) >= abs(v) ? (s[k] - t) + v : (v - t) + s[k]
                s[k] = t
            }
        }
        return (0..<s.count).map { s[$0] + (c[$0] + correction[$0]) }
    }
    public private(set) var meterEvents: [MeterEvent] = []
    public private(set) var firstTime = Double.nan
    public private(set) var lastTime = Double.nan
    private var current: KPIAccumulator
    private var currentBounds: (start: Double, end: Double) = (.nan, .nan)
    /// Coverage below this marks a KPI uncertain.
    public var coverageThreshold = 0.9

    /// Periods of `slots` (a pipeline's): the pipeline's increment engine feeds `book`.
    init(plant: PlantDefinition, slots: KPISlots, every: ReportPeriod, from: Double = -.infinity, to: Double = .infinity) {
        self.plant = plant
        self.slots = slots
        self.every = every
        self.from = from
        self.to = to
        current = KPIAccumulator(slots: slots)
        correction = Array(repeating: 0, count: slots.count)
    }

    /// Books the increments of the row `engine` has just taken in, at `t`.
    @inline(__always)
    mutating func book(time t: Double, engine: IncrementEngine) {
        if !engine.rowEvents.isEmpty && t > from && t <= to {
            for e in engine.rowEvents { meterEvents.append(MeterEvent(time: t, tag: plant.tags.tags[e.tag].id, event: e.event)) }
        }
        // Rows before --from only prime the meters; rows after --to are not booked.
        guard t > from, t <= to else { return }
        if firstTime.isNaN { firstTime = t }
        lastTime = t
        // A row that completes no interval (the very first, say) books nothing anywhere.
        guard !engine.pending.isEmpty else { return }
        let key = t - 1e-6
        if !(key >= currentBounds.start && key < currentBounds.end) {
            startPeriod(containing: key)
        }
        // An interval reaching back before this period (a gap in the data) is shared out over
        // the periods it spans, in proportion to time.
        guard engine.pendingEarliest < currentBounds.start else {
            current.apply(engine.pending, time: t)
            return
        }
        var here: [Increment] = []
        here.reserveCapacity(engine.pending.count)
        for inc in engine.pending {
            guard inc.since < currentBounds.start, inc.since.isFinite, t > inc.since else { here.append(inc); continue }
            let span = t - inc.since
            // Covered hours across a dropout that straddles periods: none of those periods holds
            // the exact quantity (only a pro rata share), so each is marked as an estimate; the
            // whole report holds the whole interval, so its totals take the marks back.
            if span > slots.wholeOnlyBeyond[inc.slot] {
                var mine = inc
                mine.delta = -KPISlots.estimateMark
                here.append(mine)
                var marks = 1.0
                var k = rows.count - 1
                while k >= 0 && rows[k].end > inc.since {
                    rows[k].sums[inc.slot] -= KPISlots.estimateMark
                    marks += 1
                    k -= 1
                }
                correction[inc.slot] += marks * KPISlots.estimateMark + inc.delta
                continue
            }
            var mine = inc
            mine.delta = inc.delta * (t - currentBounds.start) / span
            here.append(mine)
            var k = rows.count - 1
            while k >= 0 && rows[k].end > inc.since {
                let overlap = min(rows[k].end, currentBounds.start) - max(rows[k].start, inc.since)
                if overlap > 0 { rows[k].sums[inc.slot] += inc.delta * overlap / span }
                k -= 1
            }
        }
        here.withUnsafeBufferPointer { current.apply($0, time: t) }
    }

    private mutating func startPeriod(containing key: Double) {
        let b = every.bounds(key, offset: plant.utcOffset, shifts: plant.shifts)
        if !currentBounds.start.isNaN {
            rows.append(Row(start: currentBounds.start, end: currentBounds.end, sums: current.totals))
            // Empty periods between the last one and this.
            var s = currentBounds.end
            while s < b.start && rows.count < 1_000_000 {
                let nb = every.bounds(s, offset: plant.utcOffset, shifts: plant.shifts)
                rows.append(Row(start: nb.start, end: nb.end, sums: Array(repeating: 0, count: slots.count)))
                s = nb.end
            }
        }
        current = KPIAccumulator(slots: slots)
        currentBounds = b
    }

    /// Forgets the periods that end before `t` (a screen keeps a few days, not the whole run);
    /// the whole-report totals then cover only what is kept.
    mutating func dropRows(endingBefore t: Double) {
        let i = rows.firstIndex(where: { $0.end >= t }) ?? rows.count
        guard i > 0 else { return }
        rows.removeFirst(i)
        correction = Array(repeating: 0, count: slots.count)
    }

    /// Closes the last period; call once after the last row.
    public mutating func finish() {
        if !currentBounds.start.isNaN {
            rows.append(Row(start: currentBounds.start, end: currentBounds.end, sums: current.totals))
            currentBounds = (.nan, .nan)
        }
    }

    /// Value and coverage of KPI k over a sums vector spanning `seconds`.
    public func evaluate(_ k: Int, sums: [Double], seconds: Double) -> (value: Double?, coverage: Double) {
        sums.withUnsafeBufferPointer { slots.evaluate(k, $0, seconds: seconds) }
    }

    /// The period a row really spans for coverage: clipped to --from/--to and, for "all", to the data.
    public func span(of row: Row) -> Double {
        let s = max(row.start, from.isFinite ? from : row.start, every == .all ? firstTime : row.start)
        let e = min(row.end, to.isFinite ? to : row.end, every == .all ? lastTime : row.end)
        return max(0, e - s)
    }
}
