import PlantModel

/// The drift view (`d`) and the before/after view (`b`).
extension DashboardRenderer {
    /// One pane per drift target: the tabular CUSUM against its threshold, and the day's numbers.
    static func drift(_ f: inout Frame, _ r: Rect, _ s: DashboardState, _ g: Glyphs) {
        let m = s.monitor
        let dets = m.drift.detectors
        guard !dets.isEmpty else {
            f.put("no drift targets for this plant", x: r.x + 1, y: r.y + 1, style: Cell(fg: .gray))
            return
        }
        let panes = r.rows(Array(repeating: 0, count: dets.count))
        for (d, pane) in zip(dets, panes) where pane.height >= 3 {
            let model = d.model
            let stats = model.map { "R² \(NumberFormat.string($0.model.r2, decimals: 2)), \($0.model.n) days" } ?? (s.historyProgress.map { "baseline: history being simulated (\(Int($0 * 100)) %)" } ?? "baseline: \(m.drift.days.count) of \(m.drift.baselineDays) days collected")
            let state = d.active ? " · DRIFT" : ""
            f.box(pane, title: "\(d.spec.alarmID) · \(d.spec.baseline.target) vs \(d.spec.baseline.drivers.isEmpty ? "its mean" : d.spec.baseline.drivers.joined(separator: ", ")) · \(stats)\(state)",
                  glyphs: g, style: Cell(fg: d.active ? .red : .gray), titleStyle: Cell(fg: d.active ? .red : .normal, bold: true))
            let inner = pane.inner
            guard let last = d.points.last else {
                f.put(model == nil ? "the first \(m.drift.baselineDays) complete days are the baseline" : "no complete day checked yet",
                      x: inner.x + 1, y: inner.y, style: Cell(fg: .gray))
                continue
            }
            let cols = inner.columns([0, min(34, inner.width / 3)])
            TrendPlot(points: d.points.suffix(cols[0].width).map { Optional($0.tabular) }, target: nil, limit: DriftDetector.h, decimals: 1,
                      glyphs: g, color: d.active ? .red : .yellow)
                .render(into: &f, cols[0])
            let day = String(ISO8601.format(last.start, offset: m.plant.utcOffset).prefix(10))
            let lines = [
                "day \(day)",
                "actual   \(NumberFormat.string(last.actual, decimals: 2))",
                "expected \(NumberFormat.string(last.expected, decimals: 2))",
                "CUSUM Σ(a−e) \(NumberFormat.string(last.cusum, decimals: 1))",
                "tabular S \(NumberFormat.string(last.tabular, decimals: 1)) (h = \(Int(DriftDetector.h)))",
                "EWMA z \(NumberFormat.string(last.ewma, decimals: 2))",
            ]
            for (n, l) in lines.prefix(cols[1].height).enumerated() { f.put(l, x: cols[1].x + 1, y: cols[1].y + n, maxWidth: cols[1].width - 1) }
        }
    }

    /// The plant beside its first scenario, both on identical weather and load, with the energy saved.
    static func beforeAfter(_ f: inout Frame, _ r: Rect, _ s: DashboardState, _ g: Glyphs) {
        guard s.before.indices.contains(s.selectedPlant), let b = s.before[s.selectedPlant] else {
            f.put("this plant has no before scenario running (b works for live simulated plants not on their first scenario)", x: r.x + 1, y: r.y + 1, maxWidth: r.width - 2, style: Cell(fg: .gray))
            return
        }
        let a = s.monitor
        let parts = r.rows([0, 6])
        let cols = parts[0].columns([0, 0])
        for (n, (m, label)) in [(b, "before · " + s.beforeLabels[s.selectedPlant]), (a, "after · " + s.sourceLabels[s.selectedPlant])].enumerated() {
            f.box(cols[n], title: "\(label) · \(PlantMonitor.windowNames[s.window])", glyphs: g)
            let inner = cols[n].inner
            for (row, k) in m.slots.kpis.indices.prefix(inner.height).enumerated() {
                let (v, certain) = m.kpi(k, window: s.window)
                Gauge(label: DashboardRenderer.label(m.slots.kpis[k]), value: v, certain: certain, kpi: m.slots.kpis[k], glyphs: g)
                    .render(into: &f, Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1))
            }
        }
        f.box(parts[1], title: "Savings · identical weather and load", glyphs: g)
        let inner = parts[1].inner
        guard let spec = a.plant.energyBaseline, let k = a.slots.kpis.firstIndex(where: { $0.id == spec.target }) else { return }
        let def = a.slots.kpis[k]
        let unit = def.unit.symbol
        let dayBefore = b.kpi(k, window: 2).value, dayAfter = a.kpi(k, window: 2).value
        let sessionBefore = b.session.value(at: k), sessionAfter = a.session.value(at: k)
        var lines: [String] = []
        if let x = dayBefore, let y = dayAfter {
            lines.append("last 24 h: \(NumberFormat.string(x - y, decimals: 0)) \(unit) saved (\(NumberFormat.string(x > 0 ? 100 * (x - y) / x : 0, decimals: 1)) %)")
        }
        if let x = sessionBefore, let y = sessionAfter {
            let hours = max(1e-9, (a.session.lastTime - a.session.firstTime) / 3600)
            lines.append("since \(String(ISO8601.format(a.session.firstTime, offset: a.plant.utcOffset).prefix(16)).replacing("T", with: " ")): "
                         + "\(NumberFormat.string(x - y, decimals: 0)) \(unit) saved, \(NumberFormat.string((x - y) / hours, decimals: 1)) \(unit)/h")
            lines.append(savingsUncertainty(before: b, after: a, slot: k, unit: unit)
                         + (s.historyProgress.map { " (history being simulated: \(Int($0 * 100)) %)" } ?? ""))
        }
        for (n, l) in lines.prefix(inner.height).enumerated() { f.put(l, x: inner.x + 1, y: inner.y + n, maxWidth: inner.width - 1) }
    }

    /// Both runs see the same weather and load, so no baseline model is needed; what remains
    /// uncertain is the saving *rate*, estimated from the spread of the daily differences
    /// (t at 90 %, lag-1 autocorrelation corrected as in Guideline 14).
    static func savingsUncertainty(before b: PlantMonitor, after a: PlantMonitor, slot k: Int, unit: String) -> String {
        let days = zip(b.drift.days, a.drift.days).compactMap { x, y -> Double? in
            guard x.start == y.start, let e1 = x.values[a.slots.kpis[k].id], let e2 = y.values[a.slots.kpis[k].id] else { return nil }
            return e1 - e2
        }
        guard days.count >= 3 else { return "uncertainty: needs 3 complete days (has \(days.count))" }
        let n = Double(days.count)
        let mean = days.reduce(0, +) / n
        let sd = (days.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let rho = max(0, Statistics.lag1Autocorrelation(days))
        let nEff = max(2, n * (1 - rho) / (1 + rho))
        let t = Statistics.tQuantile(0.95, df: nEff - 1)
        return "daily saving \(NumberFormat.string(mean, decimals: 0)) ± \(NumberFormat.string(t * sd / nEff.squareRoot(), decimals: 0)) \(unit) @90 % over \(days.count) days"
    }
}
