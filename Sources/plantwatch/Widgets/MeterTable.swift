import PlantModel

/// Live tag values with units and ages; stale values (silent for three intervals) are marked and
/// dimmed, missing ones shown as a dash.
struct MeterTable: Widget {
    var monitor: PlantMonitor

    static let columnWidth = 44

    func render(into f: inout Frame, _ r: Rect) {
        guard !r.isEmpty else { return }
        let tags = monitor.plant.tags.tags.enumerated().filter { $0.element.kind != .state }
        let columns = max(1, min(2, r.width / MeterTable.columnWidth))
        let colWidth = r.width / columns
        let capacity = r.height * columns
        let shown = tags.count > capacity ? capacity - 1 : tags.count
        for (n, (i, spec)) in tags.prefix(shown).enumerated() {
            let x = r.x + (n / r.height) * colWidth
            let y = r.y + n % r.height
            let (value, age) = monitor.tag(i)
            let stale = age.map { $0 > 3 * spec.interval } ?? true
            let v = value.map { NumberFormat.string($0, decimals: min(spec.decimals, 2)) } ?? "—"
            let nameWidth = min(22, colWidth - 22)
            f.put(spec.id, x: x, y: y, maxWidth: nameWidth, style: Cell(dim: stale))
            let vx = x + nameWidth + 1 + max(0, 12 - TextWidth.of(v))
            f.put(v, x: vx, y: y, style: Cell(fg: stale ? .yellow : .normal, bold: !stale))
            f.put(spec.unit.symbol, x: x + nameWidth + 14, y: y, maxWidth: 6, style: Cell(fg: .gray))
            if stale && value != nil { f.put("stale", x: x + nameWidth + 21, y: y, maxWidth: colWidth - nameWidth - 21, style: Cell(fg: .yellow, bold: true)) }
        }
        if shown < tags.count {
            let n = shown
            f.put("… \(tags.count - shown) more tags", x: r.x + (n / r.height) * colWidth, y: r.y + n % r.height, style: Cell(fg: .gray))
        }
    }
}

/// Equipment states from the plant's state tags, their codes spelled out from the tag's
/// description (`Boiler 0 off / 1 low fire / 2 high fire`).
struct EquipmentStates: Widget {
    var monitor: PlantMonitor

    /// The equipment's name: the description before its codes ("Chiller 1: 0 off / 1 run").
    static func name(_ spec: TagSpec) -> String {
        String(spec.description.split(separator: ":", maxSplits: 1).first ?? Substring(spec.id))
    }

    static func label(_ spec: TagSpec, _ value: Double) -> String {
        // Codes follow the colon: "N word words / N word …".
        let code = Int(value.rounded())
        let codes = spec.description.split(separator: ":", maxSplits: 1).last ?? ""
        for part in codes.split(separator: "/") {
            let words = part.split(separator: " ")
            if let n = words.firstIndex(where: { Int($0) == code }), n + 1 < words.count {
                return words[(n + 1)...].joined(separator: " ")
            }
        }
        return NumberFormat.string(value, decimals: 0)
    }

    /// What runs now, in a few words ("Boiler high fire · Recovery pump"); nil before any reading.
    static func running(_ m: PlantMonitor) -> String? {
        var parts: [String] = []
        var known = false
        for (i, spec) in m.plant.tags.tags.enumerated() where spec.kind == .state {
            guard let v = m.tag(i).value else { continue }
            known = true
            guard v > 0 else { continue }
            let name = EquipmentStates.name(spec)
            if spec.unit == .units {
                parts.append("\(name) \(NumberFormat.string(v, decimals: 0))")
            } else {
                let state = EquipmentStates.label(spec, v)
                parts.append(["run", "on"].contains(state) ? name : "\(name) \(state)")
            }
        }
        return known ? (parts.isEmpty ? "all off" : parts.joined(separator: " · ")) : nil
    }

    func render(into f: inout Frame, _ r: Rect) {
        let states = monitor.plant.tags.tags.enumerated().filter { $0.element.kind == .state }
        for (n, (i, spec)) in states.prefix(r.height).enumerated() {
            let (value, age) = monitor.tag(i)
            let name = EquipmentStates.name(spec)
            let text: String
            var color = Color.normal
            if let v = value {
                text = spec.unit == .units ? NumberFormat.string(v, decimals: 0) : EquipmentStates.label(spec, v)
                color = v > 0 ? .green : .gray
            } else {
                text = "—"
            }
            let stale = age.map { $0 > 3 * spec.interval } ?? true
            f.put(name, x: r.x, y: r.y + n, maxWidth: r.width / 2 + 4, style: Cell(dim: stale))
            f.put(text, x: r.x + r.width / 2 + 5, y: r.y + n, maxWidth: r.width - r.width / 2 - 5, style: Cell(fg: stale ? .yellow : color, bold: true))
        }
    }
}
