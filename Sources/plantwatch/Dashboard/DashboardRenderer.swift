import PlantModel

/// `render(state) -> Frame`: the whole screen, drawn from the state alone.
enum DashboardRenderer {
    static func render(_ s: DashboardState) -> Frame {
        var f = Frame(width: s.width, height: s.height)
        guard s.width >= DashboardState.minWidth, s.height >= DashboardState.minHeight else {
            let msg = ["terminal too small: \(s.width)×\(s.height)", "plantwatch needs at least \(DashboardState.minWidth)×\(DashboardState.minHeight)", "q quits"]
            for (n, m) in msg.enumerated() {
                f.put(m, x: max(0, (s.width - TextWidth.of(m)) / 2), y: max(0, s.height / 2 - 1 + n), style: Cell(bold: n == 0))
            }
            return f
        }
        let g = s.glyphs
        let rows = f.area.rows([1, 0, 1])
        title(&f, rows[0], s)
        switch s.screen {
        case .overview: overview(&f, rows[1], s, g)
        case .detail: detail(&f, rows[1], s, g)
        case .drift: drift(&f, rows[1], s, g)
        case .beforeAfter: beforeAfter(&f, rows[1], s, g)
        case .handover: handover(&f, rows[1], s, g)
        }
        StatusBar(state: s).render(into: &f, rows[2])
        if s.showHelp { HelpOverlay(glyphs: g, scroll: s.helpScroll).render(into: &f, f.area) }
        return f
    }

    static func title(_ f: inout Frame, _ r: Rect, _ s: DashboardState) {
        let name: String
        switch s.screen {
        case .overview: name = "overview"
        case .detail: name = "\(s.monitor.plant.title) · \(s.monitor.plant.site)"
        case .drift: name = "\(s.monitor.plant.title) · drift against baseline"
        case .beforeAfter: name = "\(s.monitor.plant.title) · before / after"
        case .handover: name = "\(s.monitor.plant.title) · shift handover"
        }
        var x = f.put(" plantwatch ", x: r.x, y: r.y, style: Cell(fg: .cyan, bold: true))
        x += f.put("· " + name, x: r.x + x, y: r.y, maxWidth: r.width - x - 24, style: Cell(bold: true))
        let window = "KPI window " + PlantMonitor.windowNames[s.window]
        let right = (s.flooding ? "ALARM FLOOD · " : "") + window
        f.put(right, x: r.maxX - TextWidth.of(right) - 1, y: r.y, style: Cell(fg: s.flooding ? .red : .gray, bold: s.flooding))
    }

    // MARK: overview

    static func overview(_ f: inout Frame, _ r: Rect, _ s: DashboardState, _ g: Glyphs) {
        let layout = DashboardLayout(s)
        for (i, b) in layout.blocks.enumerated() where i < s.monitors.count {
            PlantBlock(state: s, plant: i, glyphs: g).render(into: &f, b)
        }
        guard let pane = layout.alarmPane else { return }
        alarmPane(&f, pane, "Alarms · " + (s.alarmFilter.plant.map { s.monitors[$0].plant.id } ?? "all plants"), s, g,
                  showPlant: s.alarmFilter.plant == nil)
    }

    static func alarmPane(_ f: inout Frame, _ pane: Rect, _ title: String, _ s: DashboardState, _ g: Glyphs, showPlant: Bool) {
        let rows = s.alarmRows
        f.box(pane, title: alarmTitle(title, s, rows: pane.inner.height), glyphs: g)
        AlarmList(rows: rows, plants: s.monitors.map(\.plant), selected: s.selectedAlarm, scroll: s.alarmScroll,
                  showPlant: showPlant, glyphs: g, filtered: s.alarmFilter.isActive)
            .render(into: &f, pane.inner)
    }

    /// A KPI's label: its short label, else its id spelled with spaces.
    static func label(_ k: KPIDefinition) -> String {
        let short = shortName(k)
        return short == k.id ? k.id.replacing("_", with: " ") : short
    }

    /// The site file's short label of a KPI, else its id.
    static func shortName(_ k: KPIDefinition) -> String { k.label ?? k.id }

    /// The alarm pane's title: the count ("(7, ↑↓ to scroll)" when the list is longer than its
    /// pane) and the filter in force.
    static func alarmTitle(_ base: String, _ s: DashboardState, rows: Int) -> String {
        let n = s.alarmRows.count
        var t = base + (n == 0 ? "" : n > rows ? " (\(n), ↑↓ to scroll)" : " (\(n))")
        if let f = s.alarmFilter.summary { t += " · " + f }
        return t
    }

    /// Every equipment state reads 0 (out of season, shut down).
    static func isOff(_ m: PlantMonitor) -> Bool {
        let states = m.plant.tags.tags.indices.filter { m.plant.tags.tags[$0].kind == .state && m.plant.tags.tags[$0].unit == .state }
        return !states.isEmpty && states.allSatisfy { m.tag($0).value == 0 }
    }

    /// Seconds since the plant's newest reading.
    static func freshness(_ m: PlantMonitor) -> Double? {
        let times = m.engine.lastTime.filter { !$0.isNaN }
        guard let newest = times.max() else { return nil }
        return max(0, m.now - newest)
    }

    static func ageText(_ s: Double) -> String {
        if s < 120 { return "\(Int(s)) s" }
        if s < 7200 { return "\(Int(s / 60)) min" }
        return "\(Int(s / 3600)) h"
    }

    // MARK: detail

    static func detail(_ f: inout Frame, _ r: Rect, _ s: DashboardState, _ g: Glyphs) {
        let m = s.monitor
        let kpis = m.slots.kpis
        let layout = DashboardLayout(s)
        guard let kpiPane = layout.kpiPane, let list = layout.kpiList, let trend = layout.trend, let meters = layout.meters,
              let equipment = layout.equipment, let alarms = layout.alarmPane else { return }
        f.box(kpiPane, title: "KPIs · \(PlantMonitor.windowNames[s.window])", glyphs: g)
        // Labels whole (the gauge gives up bar length first), aligned on the longest.
        let labelWidth = kpis.map { TextWidth.of(label($0)) }.max().map { $0 + 1 } ?? 14
        for (row, k) in kpis.indices.dropFirst(layout.firstKPI).prefix(list.height).enumerated() {
            let (v, certain) = m.kpi(k, window: s.window)
            var style = Cell()
            if k == s.selectedKPI { style.fg = .cyan; style.bold = true }
            f.put(k == s.selectedKPI ? "›" : " ", x: list.x - 1, y: list.y + row, style: style)
            Gauge(label: label(kpis[k]), value: v, certain: certain, kpi: kpis[k], glyphs: g, labelWidth: labelWidth)
                .render(into: &f, Rect(x: list.x, y: list.y + row, width: list.width, height: 1))
        }
        let sel = kpis[min(s.selectedKPI, kpis.count - 1)]
        let unit = sel.unit.symbol
        f.box(trend, title: "Trend · \(sel.name)\(unit.isEmpty ? "" : " [\(unit)]") · 1 h values, last 24 h", glyphs: g)
        let points = m.trends[min(s.selectedKPI, kpis.count - 1)].map(\.value)
        TrendPlot(points: points, target: sel.target, limit: sel.limit, decimals: sel.decimals, glyphs: g, color: .green)
            .render(into: &f, trend.inner)
        f.box(meters, title: "Meters", glyphs: g)
        MeterTable(monitor: m).render(into: &f, meters.inner)
        f.box(equipment, title: "Equipment", glyphs: g)
        EquipmentStates(monitor: m).render(into: &f, equipment.inner)
        alarmPane(&f, alarms, "Alarms · \(m.plant.id)", s, g, showPlant: false)
    }
}
