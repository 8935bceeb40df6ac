import PlantModel

/// The alarm pane: time, priority, state, plant, what is watched, message; newest first,
/// coloured by priority, unacknowledged in bold, shelved dimmed, the selection in reverse.
struct AlarmList {
    var rows: [DashboardState.AlarmRow]
    var plants: [PlantDefinition]
    var selected: Int
    var showPlant: Bool

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

    func render(into f: inout Frame, _ r: Rect, glyphs g: Glyphs) {
        guard !r.isEmpty else { return }
        if rows.isEmpty {
            f.put("no active alarms", x: r.x + 1, y: r.y, style: Cell(fg: .green))
            return
        }
        // Keep the selection visible.
        let first = max(0, min(selected - r.height + 1, rows.count - r.height))
        for (n, row) in rows.dropFirst(first).prefix(r.height).enumerated() {
            let y = r.y + n
            let a = row.alarm
            let plant = plants[row.plant]
            let time = a.lastChange.isNaN ? "--:--" : String(ISO8601.format(a.lastChange, offset: plant.utcOffset).dropFirst(5).prefix(11)).replacing("T", with: " ")
            var style = Cell(fg: AlarmList.color(a.rule.priority), bold: a.state == .unacknowledged || a.state == .returnedUnacknowledged,
                             dim: a.state == .shelved)
            if first + n == selected { style.reverse = true }
            var line = "\(time) \(a.rule.priority.rawValue.uppercased().padded(to: 8)) \(AlarmList.stateText(a.state).padded(to: 7)) "
            if showPlant { line += plant.id.padded(to: 10) }
            line += a.rule.target.padded(to: 20) + " " + row.message
            if a.chattering { line += " [chattering]" }
            f.fill(Rect(x: r.x, y: y, width: r.width, height: 1), style: style)
            f.put(Sanitize.line(line, limit: 400), x: r.x, y: y, maxWidth: r.width, style: style)
        }

    }
}
