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
            return Period(start: stamp(s), end: stamp(e), kpis: k, coverage: c, uncertain: u)
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
