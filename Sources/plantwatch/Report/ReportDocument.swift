import FoundationEssentials
import PlantModel

/// A finished report as data: what every output format renders, and the JSON schema itself.
struct ReportDocument: Encodable {
    struct Period: Encodable {
        var start: String
        var end: String
        var kpis: [String: Double?]
        var coverage: [String: Double]
        var uncertain: [String]
        /// Reports by shift: the shift's name and the team on it.
        var shift: String?
        var team: String?
    }
    struct Total: Encodable {
        var kpis: [String: Double?]
        var coverage: [String: Double]
        var uncertain: [String]
    }
    struct Rejected: Encodable {
        var rows: Int
        var cells: Int
        var reasons: [String: Int]
    }
    struct KPIInfo: Encodable {
        var id: String
        var name: String
        var unit: String
        var formula: String
    }
    struct MeterEvent: Encodable {
        var time: String
        var tag: String
        var event: String
    }
    struct Alarm: Encodable {
        var time: String
        var id: String
        var priority: String
        var message: String
    }

    var plant: String
    var files: [String]
    var from: String?
    var to: String?
    var every: String
    var kpi_info: [KPIInfo]
    var rows: [Period]
    var total: Total
    var rejected: Rejected
    /// Rows the reader accepted (the denominator that says whether rejects are a few or most).
    var rows_read = 0
    var meter_events: [MeterEvent]
    var alarms: [Alarm]
    var drift: [Drift] = []
    /// `report --by team`.
    var teams: [TeamRow]?
    /// Per billing month, with a tariff's demand charge.
    var demand: Demand?

    struct Demand: Encodable {
        var price_cny_per_kw: Double
        var interval_minutes: Int
        var periods: String
        var meters: [String]
        var source: String?
        var months: [Month]
        struct Month: Encodable {
            var month: String
            var max_kw: Double?
            var at: String?
            var complete: Bool
            var intervals: Int
            var expected: Int
            var kwh: Double
            var energy_cost_cny: Double
            var demand_charge_cny: Double?
            var bill_cny: Double?
        }
    }

    static func demand(_ m: DemandMeter, plant p: PlantDefinition) -> Demand {
        func r(_ x: Double, _ d: Double = 1000) -> Double { (x * d).rounded() / d }
        return Demand(price_cny_per_kw: m.charge.price, interval_minutes: Int(m.charge.interval / 60),
                      periods: m.charge.periodsText.isEmpty ? "all hours" : m.charge.periodsText,
                      meters: p.tariff?.meters ?? [], source: m.charge.source.map { Sanitize.line($0) },
                      months: m.months.map { x in
                          let c = m.charge(x)
                          return .init(month: String(ISO8601.format(x.start, offset: p.utcOffset).prefix(7)), max_kw: x.maxKW.map { r($0) },
                                       at: x.maxKW == nil ? nil : ISO8601.format(x.at, offset: p.utcOffset), complete: x.complete,
                                       intervals: x.intervals, expected: x.expected, kwh: r(x.kwh), energy_cost_cny: r(x.energyCost, 100),
                                       demand_charge_cny: c.map { r($0, 100) }, bill_cny: c.map { r($0 + x.energyCost, 100) })
                      })
    }

    /// The demand section as table rows (header first) for the text, Markdown and HTML reports.
    func demandRows() -> [[String]]? {
        guard let d = demand, !d.months.isEmpty else { return nil }
        func n(_ x: Double?, _ dec: Int = 0) -> String { x.map { NumberFormat.string($0, decimals: dec) } ?? "—" }
        var rows = [["month", "max demand [kW]", "at", "demand charge [CNY]", "kWh", "energy [CNY]", "bill [CNY]"]]
        for m in d.months {
            let mark = m.complete ? "" : "~"
            rows.append([m.month, n(m.max_kw, 1) + (m.max_kw == nil ? "" : mark), m.at.map { String($0.prefix(16)).replacing("T", with: " ") } ?? "—",
                         n(m.demand_charge_cny) + (m.max_kw == nil ? "" : mark), n(m.kwh), n(m.energy_cost_cny), n(m.bill_cny) + (m.max_kw == nil ? "" : mark)])
        }
        return rows
    }

    /// The line that says how the demand section was computed.
    var demandNote: String? {
        guard let d = demand else { return nil }
        return "Demand charge \(NumberFormat.string(d.price_cny_per_kw, decimals: 2)) CNY per kW of the month's highest \(d.interval_minutes)-min mean power of "
            + "\(d.meters.joined(separator: " + ")) (\(d.periods)); energy at the tariff's prices; bill = energy + demand charge. "
            + "~ the log does not cover every interval of the month: the bill's maximum may be higher."
    }

    struct TeamRow: Encodable {
        var team: String
        var shifts: Int
        var hours: Double
        var share: Double
        var kpis: [String: Double?]
        var expected: [String: Double?]
        var versus_peers: [String: Double?]
        var coverage: [String: Double]
    }

    static func teamRows(_ c: TeamComparison) -> [TeamRow] {
        func round(_ x: Double?) -> Double? { x.map { ($0 * 1e6).rounded() / 1e6 } }
        func dict(_ xs: [Double?]) -> [String: Double?] {
            Dictionary(uniqueKeysWithValues: zip(c.kpis.map(\.id), xs.map(round)))
        }
        return c.teams.map { t in
            TeamRow(team: t.name, shifts: t.shifts, hours: (t.hours * 1000).rounded() / 1000, share: (t.share * 1e6).rounded() / 1e6,
                    kpis: dict(t.values), expected: dict(t.expected), versus_peers: dict(t.versusPeers),
                    coverage: Dictionary(uniqueKeysWithValues: zip(c.kpis.map(\.id), t.coverage.map { ($0 * 1000).rounded() / 1000 })))
        }
    }

    struct Drift: Encodable {
        var id: String
        var target: String
        var baseline_days: Int
        var r2: Double?
        var cv_rmse: Double?
        var nmbe: Double?
        var days_checked: Int
        var cusum: Double?
        var tabular_cusum: Double?
        var worst_deviation: Double?
        var worst_relative: Double?
        var active: Bool
    }

    /// KPI ids in the plant's order (dictionaries lose it).
    var kpiOrder: [String] { kpi_info.map(\.id) }

    init(report r: PeriodReport, files: [String], rejects: RejectTally) {
        let off = r.plant.utcOffset
        func stamp(_ t: Double) -> String { ISO8601.format(t, offset: off) }
        plant = r.plant.id
        self.files = files.map { Sanitize.line($0) }
        from = r.firstTime.isNaN ? nil : stamp(r.from.isFinite ? max(r.from, r.firstTime) : r.firstTime)
        to = r.lastTime.isNaN ? nil : stamp(r.to.isFinite ? min(r.to, r.lastTime) : r.lastTime)
        every = r.every.rawValue
        kpi_info = r.slots.kpis.map { KPIInfo(id: $0.id, name: $0.name, unit: $0.unit.ascii, formula: $0.formula) }
        let threshold = r.coverageThreshold
        func cell(_ sums: [Double], seconds: Double) -> ([String: Double?], [String: Double], [String]) {
            var kpis: [String: Double?] = [:], cov: [String: Double] = [:], unc: [String] = []
            for (k, def) in r.slots.kpis.enumerated() {
                let e = r.evaluate(k, sums: sums, seconds: seconds)
                kpis[def.id] = e.value.map { ($0 * 1e6).rounded() / 1e6 }
                cov[def.id] = (e.coverage * 1000).rounded() / 1000
                if e.value != nil && e.coverage < threshold { unc.append(def.id) }
            }
            return (kpis, cov, unc)
        }
        rows = r.rows.map { row in
            let (k, c, u) = cell(row.sums, seconds: r.span(of: row))
            let s = row.start.isFinite ? row.start : r.firstTime
            let e = row.end.isFinite ? row.end : r.lastTime
            var p = Period(start: stamp(s), end: stamp(e), kpis: k, coverage: c, uncertain: u)
            if r.every == .shift, let cal = r.plant.shifts {
                let slot = cal.slot(at: row.start)
                p.shift = cal.shifts[slot.shift].name
                p.team = slot.team.map { cal.teams[$0] }
            }
            return p
        }
        let span = r.lastTime.isNaN ? 0 : r.lastTime - r.firstTime
        let (tk, tc, tu) = cell(r.totals, seconds: span)
        total = Total(kpis: tk, coverage: tc, uncertain: tu)
        rejected = Rejected(rows: rejects.rows, cells: rejects.cells,
                            reasons: Dictionary(uniqueKeysWithValues: rejects.byReason.map { ($0.key.rawValue, $0.value) }))
        meter_events = r.meterEvents.map { MeterEvent(time: stamp($0.time), tag: $0.tag, event: $0.event == .rollover ? "rollover" : "reset") }
        alarms = []
    }
}
