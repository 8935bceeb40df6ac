import PlantModel

/// A plant on the overview: its headline KPIs, each with its last 24 hours and its direction
/// against an hour ago, what equipment runs, the active alarms by priority and the data's age.
/// With room, a KPI takes two lines (the gauge against target and limit, then the sparkline);
/// with less, one (the sparkline in place of the bar); with less still, fewer KPIs.
struct PlantBlock: Widget {
    var state: DashboardState
    var plant: Int
    var glyphs: Glyphs

    /// KPIs every block shows when it has room for little.
    static let kpiCount = 4

    /// The headline KPIs first, then the plant's others: with room to spare the overview shows
    /// them too rather than an empty alarm pane.
    static func kpiOrder(_ m: PlantMonitor) -> [Int] {
        let headline = DashboardState.headline(m.plant).compactMap { id in m.slots.kpis.firstIndex { $0.id == id } }
        return headline + m.slots.kpis.indices.filter { !headline.contains($0) }
    }

    /// Two lines per KPI, the equipment line, the counts line and the border.
    static func usefulHeight(_ m: PlantMonitor) -> Int { 2 * m.slots.kpis.count + 4 }

    /// What fits in `inner` rows: how many KPIs, whether each gets a sparkline line of its own,
    /// whether the equipment line is shown.
    static func layout(inner: Int) -> (kpis: Int, twoLines: Bool, equipment: Bool) {
        if inner >= 2 * kpiCount + 2 { return ((inner - 2) / 2, true, true) }
        if inner >= kpiCount + 2 { return (kpiCount, false, true) }
        if inner >= kpiCount + 1 { return (kpiCount, false, false) }
        return (max(1, inner - 1), false, false)
    }

    func render(into f: inout Frame, _ r: Rect) {
        let s = state, g = glyphs
        let m = s.monitors[plant]
        let selected = plant == s.selectedPlant
        f.box(r, title: "\(plant + 1) \(m.plant.title)", glyphs: g, style: Cell(fg: selected ? .cyan : .gray, bold: selected),
              titleStyle: Cell(fg: selected ? .cyan : .normal, bold: true))
        let inner = r.inner
        guard inner.height >= 2 else { return }
        let (count, twoLines, equipment) = PlantBlock.layout(inner: inner.height)
        var y = inner.y
        for k in PlantBlock.kpiOrder(m).prefix(count) {
            let def = m.slots.kpis[k]
            let (v, certain) = m.kpi(k, window: s.window)
            let trend = m.trends[k]
            let arrow = TrendArrow(now: m.kpi(k, window: 1).value, hourAgo: TrendArrow.hourAgo(trend), higherIsBetter: def.higherIsBetter, glyphs: g)
            let history = trend.map(\.value)
            let row = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            Gauge(label: DashboardRenderer.label(def), value: v, certain: certain, kpi: def, glyphs: g, labelWidth: 12,
                  arrow: arrow, history: twoLines ? nil : history).render(into: &f, row)
            y += 1
            if twoLines {
                Sparkline(points: history, glyphs: g, color: .gray).render(into: &f, Rect(x: inner.x + 2, y: y, width: inner.width - 2, height: 1))
                y += 1
            }
        }
        if equipment {
            let text = EquipmentStates.running(m).map { "▸ " + $0 } ?? "▸ —"
            f.put(TextWidth.fit(g.ascii ? text.replacing("▸", with: ">") : text, inner.width), x: inner.x, y: inner.maxY - 2, style: Cell(fg: .green))
        }
        // Alarm counts by priority and data freshness.
        let counts = m.alarms.counts()
        var x = inner.x
        for p in AlarmPriority.allCases {
            let c = counts[p] ?? 0
            x += f.put("\(p.rawValue.prefix(1).uppercased())\(c) ", x: x, y: inner.maxY - 1, style: Cell(fg: c > 0 ? AlarmList.color(p) : .gray, bold: c > 0))
        }
        let fresh = DashboardRenderer.freshness(m)
        var text = fresh.map { "data \(DashboardRenderer.ageText($0))" } ?? "no data"
        if DashboardRenderer.isOff(m) { text = "off · " + text }
        // On its last season's clock (SeasonClock): the status bar gives the date.
        if s.clockOffset(plant) != 0 { text = "season · " + text }
        let stale = (fresh ?? .infinity) > 300
        let tx = max(x + 1, inner.maxX - TextWidth.of(text))
        f.put(text, x: tx, y: inner.maxY - 1, maxWidth: inner.maxX - tx, style: Cell(fg: stale ? .yellow : .gray, bold: stale))
    }
}
