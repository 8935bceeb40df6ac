import PlantModel

/// The handover view (`H`): the selected plant's last complete shift, from the sections
/// `plantwatch handover` prints, laid out in the screen's width (columns an operator can spare
/// go first) and scrolled with ↑ ↓ where it is longer than the screen.
extension DashboardRenderer {
    /// Columns of each section, most needed first: what stays when the screen is narrow.
    static let handoverKeep: [String: [Int]] = [
        "KPIs of the shift": [0, 1, 4, 5, 6, 2, 3],
        "Alarm events during the shift": [0, 1, 3, 4, 2, 5],
        "Alarms still open at the end of the shift": [0, 3, 4, 1, 2, 5],
    ]

    static func handover(_ f: inout Frame, _ r: Rect, _ s: DashboardState, _ g: Glyphs) {
        f.box(r, title: "Handover · \(s.monitor.plant.id) · last complete shift", glyphs: g)
        let inner = r.inner
        let lines = handoverLines(s, width: inner.width - 1)
        let first = min(s.handoverScroll, max(0, lines.count - inner.height))
        for (n, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
            var x = inner.x + 1
            for (text, style) in line {
                guard x < inner.maxX else { break }
                x += f.put(text, x: x, y: inner.y + n, maxWidth: inner.maxX - x, style: style)
            }
        }
        if lines.count > inner.height {
            let more = "↑↓ \(first + 1)–\(min(lines.count, first + inner.height)) of \(lines.count)"
            f.put(more, x: r.maxX - TextWidth.of(more) - 2, y: r.maxY - 1, style: Cell(fg: .gray))
        }
    }

    /// How far the handover scrolls at the state's screen size.
    static func handoverMaxScroll(_ s: DashboardState) -> Int {
        let inner = Rect(x: 0, y: 0, width: s.width, height: max(0, s.height - 2)).inner
        return max(0, handoverLines(s, width: inner.width - 1).count - inner.height)
    }

    /// The view's lines, each a run of (text, style) segments.
    static func handoverLines(_ s: DashboardState, width w: Int) -> [[(String, Cell)]] {
        let m = s.monitor
        let h: ShiftHandover
        do { h = try m.handover() } catch {
            let text = (error as? ShiftHandover.NoShift)?.description ?? "\(error)"
            return TextWidth.wrap(text.hasPrefix("the log has no rows") ? "no data yet: the handover needs a shift with readings" : text, max(8, w))
                .map { [($0, Cell(fg: .gray))] }
        }
        let tally = s.rejects.indices.contains(s.selectedPlant) ? s.rejects[s.selectedPlant] : nil
        let sections = HandoverRenderer.sections(h, rejects: tally ?? RejectTally())
        var out: [[(String, Cell)]] = []
        func clock(_ t: Double) -> String { String(ISO8601.format(t, offset: h.plant.utcOffset).dropFirst(11).prefix(5)) }
        let head = "handover of \(h.label) · \(clock(h.slot.start))–\(clock(h.slot.end))" + (h.partial ? " (partial: the data ends before the shift)" : "")
            + " · vs the same shift on \(h.kpis.first?.lastWeekShifts ?? 0) of the 7 days before"
        for t in TextWidth.wrap(head, max(8, w)) {
            out.append([(t, Cell(bold: true))])
        }
        for sec in sections {
            out.append([])
            var title = sec.title
            if sec.title == "Alarm events during the shift" {
                let count = { (e: Alarm.Transition) in h.events.filter { $0.event == e }.count }
                title += ": \(count(.activate)) raised, \(count(.clear)) returned, \(count(.acknowledge)) acknowledged, \(count(.shelve)) shelved"
            }
            if sec.title == "Alarms still open at the end of the shift" && !h.open.isEmpty { title += ": \(h.open.count)" }
            if sec.title == "Rejected data" && tally == nil {
                for t in TextWidth.wrap(title + ": not tracked (the source is not a log: a simulation or Modbus)", max(8, w)) { out.append([(t, Cell(fg: .gray))]) }
                continue
            }
            guard !sec.rows.isEmpty else {
                for t in TextWidth.wrap(title + ": " + sec.empty, max(8, w)) { out.append([(t, Cell(bold: true))]) }
                continue
            }
            for t in TextWidth.wrap(title, max(8, w)) { out.append([(t, Cell(bold: true))]) }
            let keep = handoverKeep[sec.title] ?? Array(sec.header.indices)
            // The 7-day column's long header would cost a narrow screen the Δ beside it.
            let header = sec.header.map { $0 == "same shift, last 7 days" ? "last 7 d" : $0 }
            let cols = fitColumns(header: header, rows: sec.rows, keep: keep, width: w, flexible: header.last == "message" ? header.count - 1 : nil)
            func line(_ cells: [String], _ style: Cell) -> [(String, Cell)] {
                cols.enumerated().map { n, c in
                    let text = cells[c.index]
                    let pad = n == cols.count - 1 ? "" : String(repeating: " ", count: max(0, c.width - TextWidth.of(text)) + 1)
                    return (text + pad, style)
                }
            }
            out.append(line(header, Cell(fg: .gray)))
            for row in sec.rows {
                var style = Cell()
                if sec.title == "KPIs of the shift" {
                    switch row[4] {
                    case ShiftHandover.KPILine.Status.beyondLimit.rawValue: style.fg = .red
                    case ShiftHandover.KPILine.Status.offTarget.rawValue: style.fg = .yellow
                    case ShiftHandover.KPILine.Status.ok.rawValue: style.fg = .green
                    default: break
                    }
                }
                out.append(line(row.map { Sanitize.line($0) }, style))
            }
        }
        out.append([])
        for t in TextWidth.wrap(HandoverRenderer.footnote(h).replacing("\n", with: " ").trimmed, max(8, w)) { out.append([(t, Cell(fg: .gray))]) }
        return out
    }

    /// The columns that fit `width`, in their order: each as wide as its widest cell; the least
    /// needed dropped first (by `keep`, most needed first) until the rest fit whole. A `flexible`
    /// column (a message, last) takes what is left and is cut at the edge; with no room, it goes.
    static func fitColumns(header: [String], rows: [[String]], keep: [Int], width: Int, flexible: Int? = nil) -> [(index: Int, width: Int)] {
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map { TextWidth.of(Sanitize.line($0)) }.max() ?? 0 }
        var shown = keep.filter { $0 != flexible }
        func total(_ cols: [Int]) -> Int { cols.reduce(0) { $0 + widths[$1] } + max(0, cols.count - 1) }
        while shown.count > 2 && total(shown) > width { shown.removeLast() }
        if let flexible, width - total(shown) >= 12 { shown.append(flexible) }
        return shown.sorted().map { ($0, widths[$0]) }
    }
}
