import PlantModel

/// A shift handover as plain text, Markdown or one self-contained HTML page (inline style, no
/// scripts, nothing fetched), from the same sections in each.
enum HandoverRenderer {
    enum Format: String, CaseIterable { case text, markdown, html }

    struct Section {
        var title: String
        var header: [String]
        var rows: [[String]]
        var empty: String
    }

    static func sections(_ h: ShiftHandover, rejects: RejectTally) -> [Section] {
        let off = h.plant.utcOffset
        func time(_ t: Double) -> String { String(ISO8601.format(t, offset: off).dropFirst(11).prefix(5)) }
        func day(_ t: Double) -> String { String(ISO8601.format(t, offset: off).prefix(16)).replacing("T", with: " ") }
        func n(_ x: Double?, _ d: Int) -> String { x.map { NumberFormat.string($0, decimals: d) } ?? "—" }
        let kpiRows: [[String]] = h.kpis.map { l in
            let d = l.kpi.decimals
            let unit = l.kpi.unit.symbol
            let delta = l.value.flatMap { v in l.lastWeek.map { w in (v - w >= 0 ? "+" : "") + NumberFormat.string(v - w, decimals: d) } } ?? "—"
            return [h.plant.label(l.kpi) + (unit.isEmpty ? "" : " [\(unit)]"), n(l.value, d) + (l.coverage < 0.9 && l.value != nil ? "~" : ""),
                    n(l.kpi.target, d), n(l.kpi.limit, d), l.status.rawValue, n(l.lastWeek, d), delta]
        }
        let eventRows: [[String]] = h.events.map { e in
            [time(e.time), e.alarm, e.priority.rawValue, e.event.rawValue, e.operatorName ?? "", Sanitize.line(e.message)]
        }
        let openRows: [[String]] = h.open.map { a in
            let shelf = a.shelvedBy.map { who in "shelved by \(who)" + (a.shelvedUntil.map { " until \(day($0))" } ?? "") } ?? ""
            return [a.id, a.priority.rawValue, day(a.since), a.acknowledgedBy.map { "acknowledged by \($0)" } ?? "unacknowledged", shelf, Sanitize.line(a.message)]
        }
        let meterRows = h.meterEvents.map { [time($0.time), $0.tag, $0.event == .rollover ? "rollover" : "reset"] }
        var rejectRows: [[String]] = []
        if rejects.total > 0 {
            rejectRows = [["\(rejects.rows) rows, \(rejects.cells) cells in the logs read (rejects carry no trusted time, so they are not dated to the shift)",
                           rejects.byReason.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: ", ")]]
        }
        return [
            Section(title: "KPIs of the shift", header: ["KPI", "shift", "target", "limit", "status", "same shift, last 7 days", "Δ"], rows: kpiRows, empty: "no KPIs"),
            Section(title: "Alarm events during the shift", header: ["time", "alarm", "priority", "event", "by", "message"], rows: eventRows, empty: "none"),
            Section(title: "Alarms still open at the end of the shift", header: ["alarm", "priority", "since", "acknowledged", "shelved", "message"], rows: openRows, empty: "none"),
            Section(title: "Meter events", header: ["time", "tag", "event"], rows: meterRows, empty: "none"),
            Section(title: "Rejected data", header: ["rejected", "reasons"], rows: rejectRows, empty: "none"),
        ]
    }

    static func title(_ h: ShiftHandover) -> String {
        "\(h.plant.title) — handover of \(h.label)"
    }

    static func subtitle(_ h: ShiftHandover) -> String {
        let off = h.plant.utcOffset
        var s = "\(ISO8601.format(h.slot.start, offset: off)) → \(ISO8601.format(h.slot.end, offset: off))"
        if h.partial { s += " (the log ends before the shift does: partial)" }
        let weeks = h.kpis.first?.lastWeekShifts ?? 0
        s += "; compared with the same shift on \(weeks) of the 7 days before"
        return s
    }

    static func render(_ h: ShiftHandover, rejects: RejectTally, as format: Format) -> String {
        let secs = sections(h, rejects: rejects)
        switch format {
        case .text:
            var out = "\(title(h))\n\(subtitle(h))\n"
            for s in secs {
                out += "\n\(s.title)\n"
                out += s.rows.isEmpty ? "  \(s.empty)\n" : TextTable.render(header: s.header, rows: s.rows) + "\n"
            }
            return out + footnote(h)
        case .markdown:
            var out = "# \(markdown(title(h)))\n\n\(markdown(subtitle(h)))\n"
            for s in secs {
                out += "\n## \(s.title)\n\n"
                if s.rows.isEmpty { out += "\(s.empty)\n"; continue }
                out += "| " + s.header.map(markdown).joined(separator: " | ") + " |\n|" + s.header.map { _ in "---|" }.joined() + "\n"
                for r in s.rows { out += "| " + r.map(markdown).joined(separator: " | ") + " |\n" }
            }
            return out + "\n" + markdown(footnote(h))
        case .html:
            var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(html(title(h)))</title>
            <style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
            td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f3f3f3}
            td.beyond-limit{background:#f8d0d0}td.off-target{background:#fbecc8}td.ok{background:#d8f0d8}</style></head><body>
            <h1>\(html(title(h)))</h1><p>\(html(subtitle(h)))</p>

            """
            for s in secs {
                out += "<h2>\(html(s.title))</h2>\n"
                if s.rows.isEmpty { out += "<p>\(html(s.empty))</p>\n"; continue }
                out += "<table><tr>" + s.header.map { "<th>\(html($0))</th>" }.joined() + "</tr>\n"
                for r in s.rows {
                    out += "<tr>" + r.map { c in
                        let cls = ["ok", "off target", "beyond limit"].contains(c) ? " class=\"\(c.replacing(" ", with: "-"))\"" : ""
                        return "<td\(cls)>\(html(c))</td>"
                    }.joined() + "</tr>\n"
                }
                out += "</table>\n"
            }
            return out + "<p>\(html(footnote(h)))</p>\n</body></html>\n"
        }
    }

    static func footnote(_ h: ShiftHandover) -> String {
        "~ data covers less than 90 % of the shift. Status against the site file's target and limit; Δ = shift − same shift of the last 7 days (a ratio: one ratio of sums over them; a total: their mean per shift).\n"
    }

    static func html(_ s: String) -> String { SVGChart.entities(s) }

    static func markdown(_ s: String) -> String {
        s.replacing("|", with: "\\|").replacing("\n", with: " ")
    }
}
