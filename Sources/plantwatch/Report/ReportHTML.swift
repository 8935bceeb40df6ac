import PlantModel

/// `report --format html`: one page with a chart per KPI that has a target or a limit (each
/// period's value against them), the drift detectors' CUSUM, the energy split by carrier, and
/// the full table.
enum ReportHTML {
    static let palette = ["#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#d6616b", "#8c6d31"]

    static func page(_ d: ReportDocument, plant p: PlantDefinition, report: PeriodReport? = nil, drift: DriftMonitor? = nil) -> String {
        var page = HTMLPage(title: "plantwatch report · \(p.title)")
        page.paragraph("\(p.site) · \(d.from ?? "—") → \(d.to ?? "—") · every \(d.every) · files: \(d.files.joined(separator: ", "))")
        let defs = p.kpis()
        let labels = d.rows.map { label($0.start, every: d.every) + ($0.shift.map { " " + $0 } ?? "") }
        page.heading("KPIs against target")
        var charted = 0
        for def in defs where def.target != nil || def.limit != nil {
            let values = d.rows.map { $0.kpis[def.id] ?? nil }
            var chart = SVGChart(title: def.name, unit: def.unit.symbol, xLabels: labels)
            chart.series = [.init(name: def.name, values: values, color: palette[0], hollow: d.rows.map { $0.uncertain.contains(def.id) })]
            if let t = def.target { chart.lines.append(.init(y: t, label: "target \(NumberFormat.string(t, decimals: def.decimals))", color: "#31a354")) }
            if let l = def.limit { chart.lines.append(.init(y: l, label: "limit \(NumberFormat.string(l, decimals: def.decimals))", color: "#de2d26")) }
            page.figure(chart.svg())
            charted += 1
        }
        if charted == 0 { page.paragraph("No KPI of this plant has a target or a limit.") }
        if let drift {
            page.heading("Drift: CUSUM of actual − expected, day by day")
            if !drift.baselineFitted {
                page.paragraph("No baseline: drift detection needs \(drift.baselineDays) complete days; the log has \(drift.days.count). (Give --baseline FROM..TO or --baseline-file.)")
            }
            for det in drift.detectors {
                guard let m = det.model, !det.points.isEmpty else { continue }
                let days = det.points.map { label(ISO8601.format($0.start, offset: p.utcOffset), every: "day") }
                let target = det.spec.baseline.target
                let unit = defs.first { $0.id == target }?.unit.symbol ?? ""
                let about = "\(det.spec.alarmID) · \(target) (baseline R² \(NumberFormat.string(m.model.r2, decimals: 2)), \(m.model.n) days)"
                var sum = SVGChart(title: "\(about): CUSUM", unit: "Σ(actual − expected) [\(unit)]", xLabels: days)
                sum.series = [.init(name: "CUSUM Σ(actual − expected)", values: det.points.map { $0.cusum }, color: palette[0])]
                page.figure(sum.svg())
                // The tabular CUSUM is in standard deviations of the baseline's residuals: its own axis.
                var tab = SVGChart(title: "\(about): tabular CUSUM", unit: "S [σ]", xLabels: days)
                tab.series = [.init(name: "tabular CUSUM S, the worse direction", values: det.points.map { $0.tabular }, color: palette[1])]
                tab.lines = [.init(y: DriftDetector.h, label: "h = \(Int(DriftDetector.h)) σ: drift", color: "#de2d26")]
                page.figure(tab.svg())
            }
        }
        if let report, let parts = energySplit(report, plant: p) {
            page.heading("Energy split")
            page.figure(SVGChart.split(title: "Energy by carrier over the whole log (coal equivalent)", parts: parts, unit: "tce"))
        }
        page.heading("Every KPI")
        // By shift, each row names its shift and the team that worked it.
        let byShift = d.every == "shift"
        var rows: [[String]] = [["period"] + (byShift ? ["shift", "team"] : []) + defs.map { "\($0.name) [\($0.unit.symbol)]" }]
        for r in d.rows {
            rows.append([label(r.start, every: d.every)] + (byShift ? [r.shift ?? "", r.team ?? ""] : [])
                        + defs.map { ReportRenderer.format(r.kpis[$0.id], $0) + (r.uncertain.contains($0.id) ? " ~" : "") })
        }
        rows.append(["total"] + (byShift ? ["", ""] : []) + defs.map { ReportRenderer.format(d.total.kpis[$0.id], $0) + (d.total.uncertain.contains($0.id) ? " ~" : "") })
        page.table(rows, numericFrom: byShift ? 3 : 1)
        if let rows = d.demandRows(), let note = d.demandNote {
            page.heading("Demand charges")
            page.table(rows)
            page.paragraph(note)
        }
        if !d.alarms.isEmpty {
            page.heading("Alarms raised")
            page.table([["time", "alarm", "priority", "message"]] + d.alarms.map { [$0.time, $0.id, $0.priority, $0.message] }, numericFrom: 99)
        }
        page.paragraph("Rejected: \(d.rejected.rows) rows, \(d.rejected.cells) cells.")
        return page.html
    }

    /// "2019-01-07" for days, "2019-01-07 13:00" for hours and shifts, the month for months.
    static func label(_ iso: String, every: String) -> String {
        switch every {
        case "hour", "shift": return String(iso.prefix(16)).replacing("T", with: " ")
        case "month": return String(iso.prefix(7))
        default: return String(iso.prefix(10))
        }
    }

    /// The coal-equivalent KPI's terms, each a carrier's meter times its factor, over the whole log.
    static func energySplit(_ r: PeriodReport, plant p: PlantDefinition) -> [(name: String, value: Double, color: String)]? {
        let candidates = r.slots.kpis.filter { $0.unit == .tonneCoalEquivalent && $0.denominator == nil }
        guard let tce = candidates.max(by: { $0.numerator.count < $1.numerator.count }) else { return nil }
        let totals = r.totals
        var parts: [(name: String, value: Double, color: String)] = []
        for term in tce.numerator {
            guard case .quantity(let tag, let coef) = term, let i = r.slots.registry.index(of: tag) else { return nil }
            let spec = r.slots.registry.tags[i]
            parts.append((spec.description.isEmpty ? tag : spec.description, coef * totals[r.slots.quantity(i)] * tce.scale, palette[parts.count % palette.count]))
        }
        return parts.count >= 1 ? parts : nil
    }
}
