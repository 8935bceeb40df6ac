import PlantModel

/// The alarm pane: time, priority, state, plant, what is watched, message; newest first,
/// coloured by priority, unacknowledged in bold, shelved dimmed, the selection in reverse.
struct AlarmList: Widget {
    var rows: [DashboardState.AlarmRow]
    var plants: [PlantDefinition]
    var selected: Int
    /// The first row the operator scrolled to; moved as little as needed to keep the selection in view.
    var scroll = 0
    var showPlant: Bool
    var glyphs: Glyphs
    /// A filter is in force (an empty list then says so rather than "no active alarms").
    var filtered = false

    /// The first row shown in a pane of `height` rows.
    static func firstRow(scroll: Int, selected: Int, count: Int, height: Int) -> Int {
        guard height > 0 else { return 0 }
        let wanted = min(max(scroll, selected - height + 1), selected)
        return max(0, min(wanted, count - height))
    }

    static func color(_ p: AlarmPriority) -> Color {
        switch p {
        case .critical: return .magenta
        case .high: return .red
        case .medium: return .yellow
        case .low: return .cyan
        }
    }

    static func stateText(_ s: AlarmState) -> String {
        switch s {
        case .unacknowledged: return "UNACK"
        case .acknowledged: return "ACK"
        case .returnedUnacknowledged: return "RTN"
        case .shelved: return "SHELVED"
        case .normal: return "OK"
        }
    }

    func render(into f: inout Frame, _ r: Rect) {
        guard !r.isEmpty else { return }
        if rows.isEmpty {
            f.put(filtered ? "no alarm matches the filter (f, p, / change it)" : "no active alarms", x: r.x + 1, y: r.y, maxWidth: r.width - 1,
                  style: Cell(fg: filtered ? .gray : .green))
            return
        }
        let first = AlarmList.firstRow(scroll: scroll, selected: selected, count: rows.count, height: r.height)
        var y = r.y
        // Lines the rows leave free: the selected alarm may use them, never hiding another alarm.
        let spare = r.height - min(rows.count - first, r.height)
        for (n, row) in rows.dropFirst(first).prefix(r.height).enumerated() {
            guard y < r.y + r.height else { break }
            let a = row.alarm
            let plant = plants[row.plant]
            // When it went active (an operator's acknowledgement does not move it); a shelved alarm
            // that never was active, when it was shelved.
            let at = a.activatedAt.isNaN ? a.lastChange : a.activatedAt
            let time = at.isNaN ? "--:--" : String(ISO8601.format(at, offset: plant.utcOffset).dropFirst(5).prefix(11)).replacing("T", with: " ")
            var style = Cell(fg: AlarmList.color(a.rule.priority), bold: a.state == .unacknowledged || a.state == .returnedUnacknowledged,
                             dim: a.state == .shelved)
            if first + n == selected { style.reverse = true }
            var line = "\(time) \(a.rule.priority.rawValue.uppercased().padded(to: 8)) \(AlarmList.stateText(a.state).padded(to: 7)) "
            if showPlant { line += plant.id.padded(to: 10) }
            line += a.rule.target.padded(to: 20) + " "
            let prefix = Sanitize.line(line, limit: 400)
            var message = row.message
            if a.chattering { message += " [chattering]" }
            line += message
            let text = Sanitize.line(line, limit: 400)
            // The selected alarm's message is shown whole (cause and response are in it), wrapped
            // over up to three lines where the pane has lines to spare; the others keep to one line.
            var lines = [text]
            let indent = TextWidth.of(prefix)
            if first + n == selected && TextWidth.of(text) > r.width && r.width - indent >= 20 {
                let room = 1 + min(2, spare)
                let wrapped = TextWidth.wrap(Sanitize.line(message, limit: 400), r.width - indent)
                if room > 1 && wrapped.count > 1 {
                    lines = wrapped.prefix(room).enumerated().map { ($0.offset == 0 ? prefix : String(repeating: " ", count: indent)) + $0.element }
                }
            }
            for l in lines {
                f.fill(Rect(x: r.x, y: y, width: r.width, height: 1), style: style)
                f.put(l, x: r.x, y: y, maxWidth: r.width, style: style)
                y += 1
            }
        }

    }
}
