import PlantModel

/// The bottom line: plant, source, clock, speed, running or paused, alarm counts, key hints.
struct StatusBar {
    var state: DashboardState

    func render(into f: inout Frame, _ r: Rect) {
        let base = Cell(reverse: true)
        f.fill(r, style: base)
        let s = state
        if s.shelvePrompt {
            let choices = DashboardState.shelveChoices.enumerated().map { "\($0.offset + 1) \($0.element.name)" }.joined(separator: "  ")
            f.put(" shelve the selected alarm for:  \(choices)   Esc cancel", x: r.x, y: r.y, maxWidth: r.width, style: Cell(fg: .yellow, bold: true, reverse: true))
            return
        }
        let plant = s.monitor.plant
        let time = String(ISO8601.format(s.plantTime(s.selectedPlant), offset: plant.utcOffset).prefix(19)).replacing("T", with: " ")
        let run = s.finished ? "end of log" : (s.paused ? "paused" : "running")
        var x = r.x
        x += f.put(" \(plant.id) ", x: x, y: r.y, style: Cell(bold: true, reverse: true))
        x += f.put("\(time) · \(DashboardState.speedNames[s.speedIndex]) · ", x: x, y: r.y, maxWidth: r.maxX - x, style: base)
        x += f.put(run, x: x, y: r.y, maxWidth: r.maxX - x, style: Cell(fg: s.paused || s.finished ? .yellow : .green, bold: true, reverse: true))
        x += f.put(" · ", x: x, y: r.y, maxWidth: r.maxX - x, style: base)
        let counts = s.alarmCounts()
        for p in AlarmPriority.allCases where x < r.maxX - 4 {
            let n = counts[p] ?? 0
            x += f.put("\(p.rawValue.prefix(1).uppercased())\(n) ", x: x, y: r.y, maxWidth: r.maxX - x,
                       style: Cell(fg: n > 0 ? AlarmList.color(p) : .normal, bold: n > 0, reverse: true))
        }
        if s.flooding && x < r.maxX - 12 {
            x += f.put(" ALARM FLOOD ", x: x, y: r.y, style: Cell(fg: .red, bold: true))
        }
        let hint = s.message.map { " " + Sanitize.line($0) + " " } ?? " ? help  q quit "
        let room = r.maxX - 1 - TextWidth.of(hint) - x - 3
        if room > 8 {
            x += f.put("· " + Sanitize.line(s.sourceLabels[s.selectedPlant], limit: 60), x: x, y: r.y, maxWidth: room, style: base)
        }
        let hx = max(x + 1, r.maxX - 1 - TextWidth.of(hint))
        if hx + TextWidth.of(hint) <= r.maxX - 1 || s.message != nil { f.put(hint, x: hx, y: r.y, maxWidth: r.maxX - hx, style: Cell(fg: s.message == nil ? .normal : .cyan, bold: s.message != nil, reverse: true)) }
    }
}

/// `?`: every key, in a box over the screen.
struct HelpOverlay {
    static let lines: [(String, String)] = [
        ("1 2 3", "CATL · Humanwell · MOMA detail"), ("Tab", "next plant"), ("o", "overview"),
        ("Enter", "detail ⇄ overview"), ("↑ ↓  k j", "select an alarm"), ("← →  h l", "select the KPI to trend (detail)"),
        ("w", "KPI window: 15 min / 1 h / 24 h"), ("a", "acknowledge the selected alarm"), ("A", "acknowledge all visible alarms"),
        ("s", "shelve the selected alarm (then 1–4: 15 min, 1 h, 8 h, 24 h)"), ("space", "pause / run"),
        ("+ -", "speed: 1×, 10×, 60×, 600×, max"), ("[ ]", "seek back / forward one hour (replay, or paused live: one step)"),
        ("d", "drift: CUSUM of the selected plant against its baseline"), ("b", "before/after: the plant's first scenario beside this one"),
        ("?", "this help"), ("q  Ctrl-C", "quit"),
    ]

    static func render(into f: inout Frame, glyphs g: Glyphs) {
        let w = min(f.width - 4, 72), h = min(f.height - 2, lines.count + 4)
        let r = Rect(x: (f.width - w) / 2, y: (f.height - h) / 2, width: w, height: h)
        f.fill(r)
        f.box(r, title: "keys", glyphs: g, style: Cell(fg: .cyan), titleStyle: Cell(fg: .cyan, bold: true))
        for (n, (k, d)) in lines.prefix(h - 4).enumerated() {
            f.put(k, x: r.x + 2, y: r.y + 2 + n, style: Cell(bold: true))
            f.put(d, x: r.x + 14, y: r.y + 2 + n, maxWidth: r.width - 16)
        }
        f.put("any key closes", x: r.x + 2, y: r.maxY - 1, style: Cell(fg: .gray))
    }
}
