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
        }
        StatusBar(state: s).render(into: &f, rows[2])
        if s.showHelp { HelpOverlay.render(into: &f, glyphs: g) }
        return f
    }

    static func title(_ f: inout Frame, _ r: Rect, _ s: DashboardState) {
        let name: String
        switch s.screen {
        case .overview: name = "overview"
        case .detail: name = "\(s.monitor.plant.title) · \(s.monitor.plant.site)"
        case .drift: name = "\(s.monitor.plant.title) · drift against baseline"
        case .beforeAfter: name = "\(s.monitor.plant.title) · before / after"
        }
        var x = f.put(" plantwatch ", x: r.x, y: r.y, style: Cell(fg: .cyan, bold: true))
        x += f.put("· " + name, x: r.x + x, y: r.y, maxWidth: r.width - x - 24, style: Cell(bold: true))
        let window = "KPI window " + PlantMonitor.windowNames[s.window]
        let right = (s.flooding ? "ALARM FLOOD · " : "") + window
        f.put(right, x: r.maxX - TextWidth.of(right) - 1, y: r.y, style: Cell(fg: s.flooding ? .red : .gray, bold: s.flooding))
    }

    // MARK: overview

    static func overview(_ f: inout Frame, _ r: Rect, _ s: DashboardState, _ g: Glyphs) {
        let n = s.monitors.count
        let sideBySide = r.width >= 96
        // Stacked on a narrow screen, each block gives up gauges before the alarm pane loses rows.
        let headlines = sideBySide ? min(4, max(2, (r.height - 8) / 2)) : (r.height >= 28 ? 3 : r.height >= 22 ? 2 : 1)
        let blockHeight = headlines + 3
        let blocksHeight = sideBySide ? blockHeight : blockHeight * n
        let parts = r.rows([min(blocksHeight, r.height - 3), 0])
        let blocks = sideBySide ? parts[0].columns(Array(repeating: 0, count: n)) : parts[0].rows(Array(repeating: blockHeight, count: n))
        for (i, b) in blocks.enumerated() where i < n {
            plantBlock(&f, b, s, i, headlines: headlines, g)
        }
        let alarms = parts[1]
        f.box(alarms, title: "Alarms · all plants" + countText(s.alarmRows.count, rows: alarms.inner.height), glyphs: g)
        AlarmList(rows: s.alarmRows, plants: s.monitors.map(\.plant), selected: s.selectedAlarm, showPlant: true)
            .render(into: &f, alarms.inner, glyphs: g)
    }

    static func plantBlock(_ f: inout Frame, _ r: Rect, _ s: DashboardState, _ i: Int, headlines: Int, _ g: Glyphs) {
        let m = s.monitors[i]
        let selected = i == s.selectedPlant
        f.box(r, title: "\(i + 1) \(m.plant.title)", glyphs: g, style: Cell(fg: selected ? .cyan : .gray, bold: selected),
              titleStyle: Cell(fg: selected ? .cyan : .normal, bold: true))
        let inner = r.inner
        guard !inner.isEmpty else { return }
        let ids = DashboardState.headline(m.plant).prefix(headlines)
        var y = inner.y
        for id in ids where y < inner.maxY - 1 {
            guard let k = m.slots.kpis.firstIndex(where: { $0.id == id }) else { continue }
            let def = m.slots.kpis[k]
            let (v, certain) = m.kpi(k, window: s.window)
            Gauge(label: shortName(def), value: v, certain: certain, kpi: def)
                .render(into: &f, Rect(x: inner.x, y: y, width: inner.width, height: 1), glyphs: g, labelWidth: 14)
            y += 1
        }
        // Alarm counts by priority and data freshness.
        let counts = m.alarms.counts()
        var x = inner.x
        for p in AlarmPriority.allCases {
            let c = counts[p] ?? 0
            x += f.put("\(p.rawValue.prefix(1).uppercased())\(c) ", x: x, y: inner.maxY - 1, style: Cell(fg: c > 0 ? AlarmList.color(p) : .gray, bold: c > 0))
        }
        let fresh = freshness(m)
        var text = fresh.map { "data \(ageText($0))" } ?? "no data"
        if isOff(m) { text = "off · " + text }
        let stale = (fresh ?? .infinity) > 300
        let tx = max(x + 1, inner.maxX - TextWidth.of(text))
        f.put(text, x: tx, y: inner.maxY - 1, maxWidth: inner.maxX - tx, style: Cell(fg: stale ? .yellow : .gray, bold: stale))
    }

    /// The site file's short label of a KPI, else its id.
    static func shortName(_ k: KPIDefinition) -> String { k.label ?? k.id }

    /// "(7, ↑↓ to scroll)" when the list is longer than its pane.
    static func countText(_ n: Int, rows: Int) -> String {
        n == 0 ? "" : n > rows ? " (\(n), ↑↓ to scroll)" : " (\(n))"
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
        let alarmHeight = r.height >= 26 ? 7 : 5
        let topHeight = min(kpis.count + 2, max(6, (r.height - alarmHeight) / 2 + 1))
        let parts = r.rows([topHeight, 0, alarmHeight])
        let top = parts[0].columns([max(40, parts[0].width * 9 / 20), 0])
        f.box(top[0], title: "KPIs · \(PlantMonitor.windowNames[s.window])", glyphs: g)
        let gi = top[0].inner
        for (row, k) in kpis.indices.prefix(gi.height).enumerated() {
            let (v, certain) = m.kpi(k, window: s.window)
            var style = Cell()
            if k == s.selectedKPI { style.fg = .cyan; style.bold = true }
            f.put(k == s.selectedKPI ? "›" : " ", x: gi.x, y: gi.y + row, style: style)
            Gauge(label: shortName(kpis[k]), value: v, certain: certain, kpi: kpis[k])
                .render(into: &f, Rect(x: gi.x + 1, y: gi.y + row, width: gi.width - 1, height: 1), glyphs: g, labelWidth: 14)
        }
        let sel = kpis[min(s.selectedKPI, kpis.count - 1)]
        let unit = sel.unit.symbol
        f.box(top[1], title: "Trend · \(sel.name)\(unit.isEmpty ? "" : " [\(unit)]") · 1 h values, last 24 h", glyphs: g)
        let points = m.trends[min(s.selectedKPI, kpis.count - 1)].map(\.value)
        TrendPlot(points: points, target: sel.target, limit: sel.limit, decimals: sel.decimals)
            .render(into: &f, top[1].inner, glyphs: g, color: .green)
        let middle = parts[1].columns([0, min(34, parts[1].width / 3)])
        f.box(middle[0], title: "Meters", glyphs: g)
        MeterTable(monitor: m).render(into: &f, middle[0].inner)
        f.box(middle[1], title: "Equipment", glyphs: g)
        EquipmentStates(monitor: m).render(into: &f, middle[1].inner)
        f.box(parts[2], title: "Alarms · \(m.plant.id)" + countText(s.alarmRows.count, rows: parts[2].inner.height), glyphs: g)
        AlarmList(rows: s.alarmRows, plants: s.monitors.map(\.plant), selected: s.selectedAlarm, showPlant: false)
            .render(into: &f, parts[2].inner, glyphs: g)
    }
}
