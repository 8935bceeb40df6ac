import PlantModel

/// The bottom line: plant, clock, run state, alarm counts, flood, speed, background history,
/// source, key hints. What does not fit is left out, least important first, so the plant, its
/// clock, the run state and the alarm counts are always there.
struct StatusBar: Widget {
    var state: DashboardState

    /// One piece of the bar; lower `rank` is kept longer.
    struct Segment {
        var text: String
        var style: Cell
        var rank: Int
        /// What separates it from the segment before.
        var gap = " · "
    }

    func segments() -> [Segment] {
        let s = state
        let base = Cell(reverse: true)
        let plant = s.monitor.plant
        let time = String(ISO8601.format(s.plantTime(s.selectedPlant), offset: plant.utcOffset).prefix(19)).replacing("T", with: " ")
        // A message (the answer to what the operator just did) may push the clock out.
        var out = [Segment(text: plant.id, style: Cell(bold: true, reverse: true), rank: 0),
                   Segment(text: time, style: base, rank: s.message == nil ? 0 : 1)]
        if s.clockOffset(s.selectedPlant) != 0 { out.append(Segment(text: "season clock", style: Cell(fg: .yellow, reverse: true), rank: 2)) }
        out.append(Segment(text: DashboardState.speedNames[s.speedIndex], style: base, rank: 1))
        let run = s.finished ? "end of log" : (s.paused ? "paused" : "running")
        out.append(Segment(text: run, style: Cell(fg: s.paused || s.finished ? .yellow : .green, bold: true, reverse: true), rank: 0))
        let counts = s.alarmCounts()
        for p in AlarmPriority.allCases {
            let n = counts[p] ?? 0
            out.append(Segment(text: "\(p.rawValue.prefix(1).uppercased())\(n)", style: Cell(fg: n > 0 ? AlarmList.color(p) : .normal, bold: n > 0, reverse: true),
                               rank: 0, gap: p == .critical ? " · " : " "))
        }
        if s.flooding { out.append(Segment(text: "ALARM FLOOD", style: Cell(fg: .red, bold: true), rank: 0)) }
        if let f = s.alarmFilter.summary { out.append(Segment(text: f, style: Cell(fg: .cyan, reverse: true), rank: 1)) }
        if let h = s.historyProgress { out.append(Segment(text: "history \(Int(h * 100)) %", style: Cell(fg: .yellow, reverse: true), rank: 2)) }
        if s.demo { out.append(Segment(text: "demo", style: Cell(fg: .magenta, bold: true, reverse: true), rank: 3)) }
        out.append(Segment(text: Sanitize.line(s.sourceLabels[s.selectedPlant], limit: 60), style: base, rank: 4))
        return out
    }

    func render(into f: inout Frame, _ r: Rect) {
        let base = Cell(reverse: true)
        f.fill(r, style: base)
        let s = state
        if s.shelvePrompt {
            let choices = DashboardState.shelveChoices.enumerated().map { "\($0.offset + 1) \($0.element.name)" }.joined(separator: "  ")
            f.put(" shelve the selected alarm for:  \(choices)   Esc cancel", x: r.x, y: r.y, maxWidth: r.width, style: Cell(fg: .yellow, bold: true, reverse: true))
            return
        }
        if let q = s.searchInput {
            f.put(" search alarms: \(Sanitize.line(q))█   Enter keeps, Esc clears", x: r.x, y: r.y, maxWidth: r.width, style: Cell(fg: .cyan, bold: true, reverse: true))
            return
        }
        // A message outranks everything but plant, clock and counts; the key hint goes first.
        let hint = s.message.map { Segment(text: Sanitize.line($0), style: Cell(fg: .cyan, bold: true, reverse: true), rank: 0) }
            ?? Segment(text: "? help  q quit", style: base, rank: 3)
        var left = segments()
        func width(_ segs: [Segment], _ right: Segment?) -> Int {
            1 + segs.enumerated().reduce(0) { $0 + TextWidth.of($1.element.text) + ($1.offset > 0 ? TextWidth.of($1.element.gap) : 0) }
                + (right.map { TextWidth.of($0.text) + 3 } ?? 0)
        }
        var right: Segment? = hint
        while width(left, right) > r.width {
            let worst = max(left.map(\.rank).max() ?? 0, right?.rank ?? 0)
            if let rr = right, rr.rank == worst, rr.rank > 0 { right = nil; continue }
            guard let i = left.lastIndex(where: { $0.rank == worst }), worst > 0 else { break }
            // The last segment (the source) is shortened rather than dropped while it can say something.
            let room = r.width - width(Array(left.prefix(i)), right) - TextWidth.of(left[i].gap)
            if i == left.count - 1, room >= 12 {
                left[i].text = TextWidth.fit(left[i].text, room)
                break
            }
            left.remove(at: i)
        }
        var x = r.x + 1
        for (n, seg) in left.enumerated() {
            if n > 0 { x += f.put(seg.gap, x: x, y: r.y, maxWidth: r.maxX - x, style: base) }
            x += f.put(seg.text, x: x, y: r.y, maxWidth: r.maxX - x, style: seg.style)
        }
        if let rr = right {
            let w = TextWidth.of(rr.text)
            let rx = max(x + 2, r.maxX - 1 - w)
            f.put(TextWidth.fit(rr.text, r.maxX - 1 - rx), x: rx, y: r.y, style: rr.style)
        }
    }
}

/// `?`: every key, in a box over the screen. Descriptions wrap to the box; when the whole list
/// is taller than the screen it scrolls (↑ ↓, PgUp PgDn, the wheel), and the bottom edge says
/// which lines are shown, so nothing is ever silently cut.
struct HelpOverlay: Widget {
    var glyphs: Glyphs
    var scroll = 0

    static let keys: [(String, String)] = [
        ("1 2 3", "CATL · Humanwell · MOMA detail"), ("Tab", "next plant"), ("o", "overview"),
        ("Enter", "detail ⇄ overview"), ("↑ ↓  k j", "select an alarm"), ("PgUp PgDn", "scroll the alarm list"),
        ("← →  h l", "select the KPI to trend (detail)"),
        ("w", "KPI window: 15 min / 1 h / 24 h"), ("a", "acknowledge the selected alarm"), ("A", "acknowledge all visible alarms"),
        ("s", "shelve the selected alarm (then 1–4: 15 min, 1 h, 8 h, 24 h)"),
        ("f", "alarm filter by priority: all, ≥ medium, ≥ high, critical"), ("p", "alarm filter by plant (overview)"),
        ("/", "search the alarms (Enter keeps, Esc clears)"), ("space", "pause / run"),
        ("+ -", "speed: 1×, 10×, 60×, 600×, max"), ("[ ]", "seek back / forward one hour (replay, or paused live: one step)"),
        ("d", "drift: CUSUM of the selected plant against its baseline"), ("b", "before/after: the plant's first scenario beside this one"),
        ("H", "handover of the selected plant's last complete shift (↑ ↓ scroll)"),
        ("mouse", "click a plant to open it, an alarm to select it, a KPI to trend it; the wheel scrolls"),
        ("?", "this help"), ("q  Ctrl-C", "quit"),
    ]
    static let keyWidth = 12

    static func box(width: Int, height: Int) -> Rect {
        let w = max(0, min(width - 4, 76))
        let h = max(0, min(height - 2, lines(width: w).count + 2))
        return Rect(x: (width - w) / 2, y: (height - h) / 2, width: w, height: h)
    }

    /// (key, text) per screen line at box width `w`: continuation lines have no key.
    static func lines(width w: Int) -> [(String, String)] {
        keys.flatMap { k, d in
            TextWidth.wrap(d, max(8, w - keyWidth - 4)).enumerated().map { ($0.offset == 0 ? k : "", $0.element) }
        }
    }

    static func maxScroll(width: Int, height: Int) -> Int {
        let r = box(width: width, height: height)
        return max(0, lines(width: r.width).count - (r.height - 2))
    }

    func render(into f: inout Frame, _ area: Rect) {
        let r = HelpOverlay.box(width: area.width, height: area.height)
        guard r.height >= 3 else { return }
        f.fill(r)
        f.box(r, title: "keys", glyphs: glyphs, style: Cell(fg: .cyan), titleStyle: Cell(fg: .cyan, bold: true))
        let all = HelpOverlay.lines(width: r.width)
        let visible = r.height - 2
        let first = min(scroll, HelpOverlay.maxScroll(width: area.width, height: area.height))
        for (n, (k, d)) in all.dropFirst(first).prefix(visible).enumerated() {
            f.put(k, x: r.x + 2, y: r.y + 1 + n, maxWidth: HelpOverlay.keyWidth, style: Cell(bold: true))
            f.put(d, x: r.x + 2 + HelpOverlay.keyWidth, y: r.y + 1 + n, maxWidth: r.width - HelpOverlay.keyWidth - 3)
        }
        let footer = all.count > visible
            ? " lines \(first + 1)–\(first + visible) of \(all.count) · ↑ ↓ scroll · other keys close "
            : " any key closes "
        f.put(TextWidth.fit(footer, r.width - 4), x: r.x + 2, y: r.maxY - 1, style: Cell(fg: .gray))
    }
}
