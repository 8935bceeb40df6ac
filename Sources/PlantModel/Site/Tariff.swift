/// A time-of-use electricity tariff from a site file's `tariff:` section: prices per period
/// (peak, flat, valley …) and, per season (a set of months), the hours each period covers; the
/// rest of the day is the `otherwise` period. China's ToU tariffs have this shape (NDRC notice
/// 发改价格〔2021〕1093号 asks provinces for peak/valley price ratios of at least 3:1, 4:1 where the
/// grid's peak–valley load gap exceeds 40 %); each province sets its own hours and prices.
///
/// A tariff may also carry a demand charge (`DemandCharge`), or only that.
public struct Tariff: Sendable {
    /// Time-of-use prices; empty for a tariff that only charges demand.
    public var prices: [(name: String, price: Double)]
    var schedule: TimeSchedule
    /// Electricity meters billed at it (others stay at `factors.electricity.price`).
    public var meters: [String]
    public var source: String?
    public var demand: DemandCharge?

    /// `electricity_cost_tou` [CNY] = Σ kWh of each interval × the price in force then;
    /// `electricity_price_tou` [CNY/kWh] = that ÷ Σ kWh: what a kWh cost on average.
    func kpis() -> [KPIDefinition] {
        guard !prices.isEmpty else { return [] }
        let cost: [KPITerm] = meters.map { .scheduled($0, schedule) }
        let kwh: [KPITerm] = meters.map { .quantity($0) }
        let text = prices.map { "\($0.name) \($0.price)" }.joined(separator: ", ")
        var list = [
            KPIDefinition("electricity_cost_tou", "Electricity cost at time-of-use prices", .yuan,
                          formula: "Σ (\(meters.joined(separator: " + "))) kWh × the price of its half-hour (\(text) CNY/kWh)", numerator: cost, decimals: 0),
            KPIDefinition("electricity_price_tou", "Mean electricity price (time-of-use)", .yuanPerKilowattHour,
                          formula: "electricity_cost_tou ÷ Σ (\(meters.joined(separator: " + "))) kWh", numerator: cost, denominator: kwh, decimals: 4),
        ]
        list[0].label = "ToU cost"
        list[1].label = "ToU price"
        return list
    }
}

extension SiteLoader {
    static func tariff(_ v: YAMLValue, registry r: TagRegistry, utcOffset: Int) throws -> Tariff {
        let o = try v.object(["prices", "otherwise", "seasons", "meters", "source", "demand"])
        var meters: [String] = []
        for m in try o.required("meters").list() {
            let tag = try tagRef(m, r, kinds: [.totaliser, .rate])
            guard r[tag]!.unit.integrated ?? r[tag]!.unit == .kilowattHour else { throw m.error("tag '\(tag)' is not electricity in kWh (or kW)") }
            meters.append(tag)
        }
        // A tariff of demand alone (no energy prices): the kWh stay at the flat price.
        if o["prices"] == nil, let d = o["demand"] {
            for key in ["otherwise", "seasons"] where o[key] != nil { throw o[key]!.error("'\(key)' goes with 'prices'") }
            return Tariff(prices: [], schedule: TimeSchedule(name: "no time-of-use prices", shape: .periods([])), meters: meters,
                          source: try o.string("source"), demand: try demandCharge(d, prices: [], table: nil))
        }
        var prices: [(name: String, price: Double)] = []
        for (k, p) in try o.required("prices").pairs() {
            let name = try k.string()
            let x = try p.double()
            guard x >= 0 else { throw p.error("a price is zero or more (CNY/kWh)") }
            prices.append((name, x))
        }
        let names = prices.map(\.name)
        guard !prices.isEmpty else { throw try o.required("prices").error("give each period's price: {peak: 0.96, flat: 0.60, valley: 0.24}") }
        let otherV = try o.required("otherwise")
        let other = try otherV.string()
        guard let otherIndex = names.firstIndex(of: other) else { throw otherV.error("'\(other)' is not one of the prices (\(names.joined(separator: ", ")))") }
        // Half-hours of each month: the `otherwise` period unless a season says else.
        var table = Array(repeating: prices[otherIndex].price, count: 12 * 48)
        // The period (index into prices) of each half-hour, for a demand charge limited to some.
        var periodTable = Array(repeating: otherIndex, count: 12 * 48)
        var monthSeen: [Int: Int] = [:]
        let seasonsV = try o.required("seasons")
        for season in try seasonsV.list() {
            let so = try season.object(["months"] + names)
            var months: [Int] = []
            for m in try so.required("months").list() {
                let x = try m.int()
                guard (1...12).contains(x) else { throw m.error("a month is 1 to 12") }
                if let line = monthSeen[x] { throw m.error("month \(x) is already in the season at line \(line)") }
                monthSeen[x] = season.line
                months.append(x)
            }
            var taken = Array(repeating: false, count: 48)
            for (pi, name) in names.enumerated() {
                for range in try so[name]?.list() ?? [] {
                    let text = try range.string()
                    let parts = text.split(separator: "-").map { String($0).trimmed }
                    guard parts.count == 2 else { throw range.error("'\(text)' is not a range of hours such as \"10:00-12:00\"") }
                    let a = try halfHour(parts[0], range), b = try halfHour(parts[1], range)
                    guard a != b else { throw range.error("'\(text)' is empty") }
                    var h = a
                    while h != b {
                        if taken[h] { throw range.error("'\(text)' overlaps another period of this season") }
                        taken[h] = true
                        for m in months { table[(m - 1) * 48 + h] = prices[pi].price; periodTable[(m - 1) * 48 + h] = pi }
                        h = (h + 1) % 48
                    }
                }
            }
        }
        if let missing = (1...12).first(where: { monthSeen[$0] == nil }) {
            throw seasonsV.error("month \(missing) is in no season: list every month once (a season may have no hours of its own)")
        }
        return Tariff(prices: prices, schedule: TimeSchedule(name: "time-of-use price", shape: .daily(values: table, offset: utcOffset)),
                      meters: meters, source: try o.string("source"),
                      demand: try o["demand"].map { try demandCharge($0, prices: prices, table: periodTable) })
    }

    /// `demand: {price: 38, interval: 15, periods: [peak]}`: CNY per kW of the month's maximum
    /// demand, the demand interval in minutes, and optionally the price periods whose intervals count.
    static func demandCharge(_ v: YAMLValue, prices: [(name: String, price: Double)], table: [Int]?) throws -> DemandCharge {
        let o = try v.object(["price", "interval", "periods", "source"])
        let priceV = try o.required("price")
        let price = try priceV.double()
        guard price >= 0 else { throw priceV.error("a demand price is zero or more (CNY per kW of the month's maximum demand)") }
        var minutes = 15
        if let iv = o["interval"] {
            minutes = try iv.int()
            // Demand intervals tile the hour (meters integrate over 15 or 30 min, a few over 5 or 60).
            guard minutes > 0, 60 % minutes == 0 else { throw iv.error("a demand interval is a whole number of minutes that divides the hour (5, 15, 30, 60)") }
        }
        var mask: [Bool]? = nil
        var names: [String] = []
        if let pv = o["periods"] {
            guard let table else { throw pv.error("'periods' names time-of-use periods: give the tariff's prices") }
            var wanted = Set<Int>()
            for n in try pv.list() {
                let name = try n.string()
                guard let i = prices.firstIndex(where: { $0.name == name }) else {
                    throw n.error("'\(name)' is not one of the prices (\(prices.map(\.name).joined(separator: ", ")))")
                }
                wanted.insert(i)
                names.append(name)
            }
            mask = table.map { wanted.contains($0) }
        }
        var d = DemandCharge(price: price, interval: Double(minutes * 60), counts: mask, source: try o.string("source"))
        d.periodsText = names.isEmpty ? "" : names.joined(separator: ", ") + " hours only"
        return d
    }

    /// "10:00" or "24:00" → its half-hour of the day (24:00 is 0, the end of the day).
    static func halfHour(_ text: String, _ v: YAMLValue) throws -> Int {
        let p = text.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), m == 0 || m == 30, h < 24 || m == 0 else {
            throw v.error("'\(text)' is not a time on the half-hour such as 07:00 or 11:30")
        }
        return (h * 2 + m / 30) % 48
    }
}
