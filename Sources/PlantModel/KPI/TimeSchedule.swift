/// A coefficient that depends on time, piecewise constant: a time-of-use price (by the local
/// half-hour of the day and the month), or a rate spread evenly over dated periods (credits retired
/// for a year, in tonnes per hour). KPI terms multiply by it per interval (`KPITerm.scheduled`,
/// `KPITerm.clock`), so a KPI stays a ratio of sums.
public struct TimeSchedule: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        /// value[(month − 1) · 48 + half-hour of the local day]; `offset` seconds east of UTC.
        case daily(values: [Double], offset: Int)
        /// Values over [start, end) intervals, sorted and disjoint; zero outside them.
        case periods([Period])
    }
    public struct Period: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var value: Double
        public init(start: Double, end: Double, value: Double) { self.start = start; self.end = end; self.value = value }
    }

    var shape: Shape
    /// For formulas and errors: "catl tariff", "offsets".
    public var name: String

    public init(name: String, shape: Shape) {
        self.name = name
        self.shape = shape
    }

    /// The piece containing `t`: [start, end) and its value.
    public func segment(at t: Double) -> (start: Double, end: Double, value: Double) {
        switch shape {
        case .daily(let values, let offset):
            let local = t + Double(offset)
            let half = (local / 1800).rounded(.down)
            let start = half * 1800 - Double(offset)
            let month = CivilTime(epoch: t, offset: offset).month
            let slot = Int(half) - Int((local / 86_400).rounded(.down)) * 48
            return (start, start + 1800, values[(month - 1) * 48 + slot])
        case .periods(let list):
            // Few periods (a credit retirement per year or month): a linear scan is enough.
            var before = -Double.infinity
            for p in list {
                if t < p.start { return (before, p.start, 0) }
                if t < p.end { return (p.start, p.end, p.value) }
                before = p.end
            }
            return (before, .infinity, 0)
        }
    }

    /// ∫ value dt over (a, b], in value·seconds.
    func integral(from a: Double, to b: Double) -> Double {
        guard b > a else { return 0 }
        var x = a, sum = 0.0
        while x < b {
            let s = segment(at: x)
            let e = min(b, s.end)
            if s.value != 0 { sum += s.value * (e - x) }
            x = e
        }
        return sum
    }
}

/// The engine's per-schedule cache of the piece last looked up: minute data meets a new
/// half-hour piece once in 30 rows, so nearly every interval is priced by two comparisons.
struct ScheduleCursor: Sendable {
    let schedule: TimeSchedule
    private var start = Double.nan
    private var end = Double.nan
    private var value = 0.0

    init(_ s: TimeSchedule) { schedule = s }

    /// The mean value over (a, b] (b > a).
    @inline(__always)
    mutating func mean(from a: Double, to b: Double) -> Double {
        if a >= start && b <= end { return value }
        let s = schedule.segment(at: a)
        if b <= s.end {
            (start, end, value) = s
            return s.value
        }
        return schedule.integral(from: a, to: b) / (b - a)
    }
}
