/// A demand charge from a site file's `tariff.demand`: a price per kW of the month's maximum
/// demand, where demand is the mean power over a fixed clock interval (15 min unless given). This
/// is the "maximum demand" (最大需量) basis of China's two-part industrial tariff, the demand charge
/// of most utilities elsewhere; the interval the utility's meter integrates over decides the figure,
/// because a shorter interval catches a sharper peak.
public struct DemandCharge: Sendable {
    /// CNY per kW of the billing month's maximum demand.
    public var price: Double
    /// Seconds of each demand interval, aligned to the local clock (…:00, :15, :30, :45).
    public var interval: Double
    /// Per (month − 1) · 48 + half-hour of the local day: whether an interval starting then
    /// counts toward the maximum (a charge on peak-period demand only); nil: every interval.
    var counts: [Bool]?
    public var source: String?
    /// The price periods the charge is limited to, for the README and reports ("" : all hours).
    public var periodsText = ""

    init(price: Double, interval: Double, counts: [Bool]?, source: String?) {
        self.price = price; self.interval = interval; self.counts = counts; self.source = source
    }

    /// Whether the interval starting at `t` counts toward the month's maximum.
    func counts(start t: Double, offset: Int) -> Bool {
        guard let counts else { return true }
        let local = t + Double(offset)
        let half = Int((local / 1800).rounded(.down)) - Int((local / 86_400).rounded(.down)) * 48
        return counts[(CivilTime(epoch: t, offset: offset).month - 1) * 48 + half]
    }
}

/// The maximum stage of the KPI engine: per billing month (local calendar), the highest mean power
/// of the tariff's meters over a demand interval. Sums cannot carry a maximum (the maximum of a
/// month is not the sum of its days'), so this stage sits beside the sums: it books the meters'
/// increments into clock intervals, pro rata to time where an increment straddles a boundary,
/// and closes an interval once every meter has been read past its end.
///
/// demand [kW] = Σ meters' kWh in the interval ÷ interval [h]; an interval counts only when each
/// meter covers all of it with readings at most its maximum age and one demand interval apart:
/// a dropout's advance shared out evenly would flatten the very peak being measured. A month with fewer complete counted intervals than the
/// calendar has is marked partial: its bill's maximum may lie in the part not seen.
public struct DemandMeter: Sendable {
    public struct Month: Sendable, Equatable {
        public var start: Double
        public var end: Double
        /// Highest demand of a complete counted interval, kW, and that interval's start.
        public var maxKW: Double?
        public var at: Double = .nan
        /// Complete counted intervals, and how many the month has in all.
        public var intervals = 0
        public var expected = 0
        /// The meters' kWh booked to the month, and their cost at the tariff's time-of-use prices
        /// (the flat electricity price without them): with the demand charge, the month's bill.
        public var kwh = 0.0
        public var energyCost = 0.0
        /// Whether every counted interval of the month was seen complete.
        public var complete: Bool { intervals == expected && expected > 0 }
    }

    public let charge: DemandCharge
    let offset: Int
    let from: Double
    let to: Double
    /// The meters' tags.
    let meterTags: [Int]
    /// Per KPI slot: −1 for a meter's quantity, m ≥ 1 for meter m − 1's covered hours, 0 otherwise
    /// (one look-up per increment: this runs at every row of a report).
    private let role: [Int]
    /// Per meter: the longest reading-to-reading span whose advance may be shared out over the
    /// intervals it touches (its maximum age, and no more than a demand interval).
    private let longestSpan: [Double]
    /// Open intervals, the first being number `base` (interval k spans [k·I − offset, (k+1)·I − offset)).
    private var base = Int.min
    private var energy: [Double] = []
    private var covered: [[Double]] = []
    public private(set) var months: [Month] = []
    /// The energy price: the tariff's time-of-use schedule, or nil for the flat `flatPrice`.
    private var prices: ScheduleCursor?
    private let flatPrice: Double

    /// The stage for `plant`'s tariff over the pipeline's slots; nil without a demand charge.
    /// The meters' quantities must be in the slots (a KPI reads them: `meterKPI`).
    init?(plant: PlantDefinition, slots: KPISlots, from: Double, to: Double) {
        guard let tariff = plant.tariff, let charge = tariff.demand else { return nil }
        let tags = tariff.meters.compactMap { slots.registry.index(of: $0) }
        guard tags.count == tariff.meters.count else { return nil }
        self.charge = charge
        offset = plant.utcOffset
        self.from = from
        self.to = to
        meterTags = tags
        var role = Array(repeating: 0, count: slots.count)
        for (m, tag) in tags.enumerated() { role[slots.quantity(tag)] = -1; role[slots.covered(tag)] = m + 1 }
        self.role = role
        longestSpan = tags.map { min(slots.timing.maxAge[$0], charge.interval) }
        prices = tariff.prices.isEmpty ? nil : ScheduleCursor(tariff.schedule)
        flatPrice = plant.factors.electricityPrice
    }

    /// A KPI over the demand meters' kWh, so that a pipeline on a subset of KPIs still integrates them.
    static func meterKPI(_ tariff: Tariff) -> KPIDefinition {
        KPIDefinition("demand_meters_kwh", "Electricity of the demand-charged meters", .kilowattHour,
                      formula: "Σ (\(tariff.meters.joined(separator: " + "))) kWh", numerator: tariff.meters.map { .quantity($0) }, decimals: 0)
    }

    private func index(_ t: Double) -> Int { Int(((t + Double(offset)) / charge.interval).rounded(.down)) }
    private func start(_ k: Int) -> Double { Double(k) * charge.interval - Double(offset) }

    /// Takes in a row's increments at `t` (the engine's, which knows when each meter was last read).
    mutating func observe(time t: Double, _ increments: UnsafeBufferPointer<Increment>, engine: IncrementEngine) {
        guard t > from, t <= to else { return }
        for inc in increments {
            let r = role[inc.slot]
            if r == 0 { continue }
            if r < 0 {
                spread(inc.delta, over: max(inc.since, from), t, meter: nil)
            } else if case let m = r - 1, inc.delta * 3600 <= longestSpan[m] + 1e-6 {
                // A longer span (a totaliser read across a dropout) has an exact advance but says
                // nothing of when within it the power peaked: its intervals stay unjudged.
                spread(inc.delta * 3600, over: max(inc.since, from), t, meter: m)
            }
        }
        var upTo = Double.infinity
        for tag in meterTags { upTo = min(upTo, engine.lastTime(of: tag)) }
        if base != Int.min && start(base + 1) <= upTo { close(upTo: upTo) }
    }

    /// Shares `amount` over the intervals that (a, b] spans, in proportion to time: kWh into the
    /// intervals' energy, or (`meter` given) seconds into that meter's coverage, each interval
    /// getting its overlap.
    private mutating func spread(_ amount: Double, over a: Double, _ b: Double, meter: Int?) {
        guard b > a, amount != 0, a.isFinite else { return }
        let first = index(a), last = index(b - 1e-6)
        if base == Int.min { base = first }
        // A row can complete an increment that began before the oldest open interval (closed):
        // that part is lost from the maximum, as that interval was already judged.
        let lo = max(first, base)
        grow(to: max(lo, last))
        for k in lo...max(lo, last) {
            let s = max(a, start(k)), e = min(b, start(k + 1))
            guard e > s else { continue }
            if let meter { covered[k - base][meter] += e - s } else { energy[k - base] += amount * (e - s) / (b - a) }
        }
    }

    private mutating func grow(to k: Int) {
        while base + energy.count <= k {
            energy.append(0)
            covered.append(Array(repeating: 0, count: meterTags.count))
        }
    }

    /// Judges every open interval that ends at or before `t`.
    private mutating func close(upTo t: Double) {
        guard base != Int.min else { return }
        var n = 0
        while n < energy.count && start(base + n + 1) <= t {
            let k = base + n
            let s = start(k)
            let whole = covered[n].allSatisfy { $0 >= charge.interval * (1 - 1e-9) }
            book(start: s, kWh: energy[n], whole: whole)
            n += 1
        }
        if n > 0 {
            energy.removeFirst(n)
            covered.removeFirst(n)
            base += n
        }
    }

    /// Closes the intervals still open after the last row (the last ones lack a later reading).
    mutating func finish() { close(upTo: .infinity) }

    private mutating func book(start s: Double, kWh: Double, whole: Bool) {
        if months.last.map({ s >= $0.end }) ?? true {
            let b = ReportPeriod.month.bounds(s, offset: offset)
            var month = Month(start: b.start, end: b.end)
            var x = b.start
            while x < b.end {
                if charge.counts(start: x, offset: offset) { month.expected += 1 }
                x += charge.interval
            }
            months.append(month)
        }
        let i = months.count - 1
        months[i].kwh += kWh
        months[i].energyCost += kWh * (prices?.mean(from: s, to: s + charge.interval) ?? flatPrice)
        guard whole, charge.counts(start: s, offset: offset) else { return }
        let kW = kWh / (charge.interval / 3600)
        months[i].intervals += 1
        if months[i].maxKW.map({ kW > $0 }) ?? true {
            months[i].maxKW = kW
            months[i].at = s
        }
    }

    /// The month's demand charge, CNY: price × its maximum demand.
    public func charge(_ m: Month) -> Double? { m.maxKW.map { $0 * charge.price } }
}

extension DemandMeter {
    /// The monthly maximum demand of a log (nil: the plant's tariff has no demand charge).
    public static func read(_ reader: LogReader) throws -> DemandMeter? {
        let p = reader.plant
        guard p.tariff?.demand != nil else { return nil }
        var run = try PlantPipeline(plant: p, stages: .report(every: .all, drift: false, demand: true), kpis: [], rules: [],
                                    timing: reader.learnTiming())
        reader.deliver(only: run.slots.usedTags)
        try reader.read { run.ingest($0) }
        run.finish()
        return run.demand
    }

    /// The mean of the months' maxima, kW (nil without one).
    public var meanMonthlyMax: Double? {
        let peaks = months.compactMap(\.maxKW)
        return peaks.isEmpty ? nil : peaks.reduce(0, +) / Double(peaks.count)
    }
}
