import FoundationEssentials
import PlantModel

/// Renders a report document as a table, CSV, JSON, Markdown or HTML.
enum ReportFormat: String, CaseIterable {
    case table, csv, json, markdown, html
}

enum ReportRenderer {
    static func render(_ d: ReportDocument, as format: ReportFormat, plant: PlantDefinition) -> String {
        switch format {
        case .json: return json(d)
        case .csv: return csv(d, plant: plant)
        case .table: return table(d, plant: plant, markdown: false)
        case .markdown: return table(d, plant: plant, markdown: true)
        case .html: return ReportHTML.page(d, plant: plant)
        }
    }

    static func json(_ d: ReportDocument) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try enc.encode(d), as: UTF8.self)
        } catch {
            printError("plantwatch: cannot write the report as JSON: \(error)\n")
            return "{}"
        }
    }

    static func format(_ v: Double??, _ def: KPIDefinition) -> String {
        guard let v = v, let x = v else { return "—" }
        return NumberFormat.string(x, decimals: def.decimals)
    }

    static func csv(_ d: ReportDocument, plant: PlantDefinition) -> String {
        let defs = plant.kpis()
        let byShift = d.every == "shift"
        var out = "start,end," + (byShift ? "shift,team," : "") + defs.map { "\($0.id) [\($0.unit.ascii)]" }.joined(separator: ",") + "\n"
        func line(_ start: String, _ end: String, _ kpis: [String: Double?], shift: String? = nil, team: String? = nil) -> String {
            start + "," + end + "," + (byShift ? "\(shift ?? ""),\(team ?? "")," : "") + defs.map { def -> String in
                guard let v = kpis[def.id], let x = v else { return "" }
                return NumberFormat.string(x, decimals: max(def.decimals, 3))
            }.joined(separator: ",") + "\n"
        }
        for r in d.rows { out += line(r.start, r.end, r.kpis, shift: r.shift, team: r.team) }
        out += line("total", "", d.total.kpis)
        return out
    }

    /// Human table: one row per period, KPIs as columns with units; `~` marks a value whose
    /// data covers less than 90 % of its period.
    static func table(_ d: ReportDocument, plant: PlantDefinition, markdown: Bool) -> String {
        let defs = plant.kpis()
        let header = ["period"] + defs.map { def in def.unit.symbol.isEmpty ? def.id : "\(def.id) [\(def.unit.symbol)]" }
        func periodLabel(_ r: ReportDocument.Period) -> String {
            switch d.every {
            case "hour": return String(r.start.prefix(16)).replacing("T", with: " ")
            case "shift": return String(r.start.prefix(16)).replacing("T", with: " ") + " " + (r.shift ?? "") + (r.team.map { " (\($0))" } ?? "")
            case "day", "week": return String(r.start.prefix(10))
            case "month": return String(r.start.prefix(7))
            default: return String(r.start.prefix(16)).replacing("T", with: " ") + " → " + String(r.end.prefix(16)).replacing("T", with: " ")
            }
        }
        func cells(_ kpis: [String: Double?], _ uncertain: [String]) -> [String] {
            defs.map { def in format(kpis[def.id], def) + (uncertain.contains(def.id) ? "~" : "") }
        }
        var rows = d.rows.map { [periodLabel($0)] + cells($0.kpis, $0.uncertain) }
        rows.append(["total"] + cells(d.total.kpis, d.total.uncertain))
        var out = "\(plant.title) — \(d.files.joined(separator: ", "))\n"
        out += "\(d.from ?? "—") → \(d.to ?? "—"), every \(d.every)\n\n"
        if markdown {
            out += "| " + header.joined(separator: " | ") + " |\n"
            out += "|" + header.indices.map { $0 == 0 ? "---|" : "---:|" }.joined() + "\n"
            for r in rows { out += "| " + r.joined(separator: " | ") + " |\n" }
        } else {
            out += TextTable.render(header: header, rows: rows, rightAligned: Set(1..<header.count)) + "\n"
        }
        if d.rows.contains(where: { !$0.uncertain.isEmpty }) || !d.total.uncertain.isEmpty {
            out += "\n~ data covers less than 90 % of the period\n"
        }
        if let rows = d.demandRows(), let note = d.demandNote {
            out += "\n" + (markdown ? "" : "demand charges\n")
            if markdown {
                out += "| " + rows[0].joined(separator: " | ") + " |\n|" + rows[0].indices.map { $0 == 0 || $0 == 2 ? "---|" : "---:|" }.joined() + "\n"
                for r in rows.dropFirst() { out += "| " + r.joined(separator: " | ") + " |\n" }
            } else {
                out += TextTable.render(header: rows[0], rows: Array(rows.dropFirst()), rightAligned: [1, 3, 4, 5, 6]) + "\n"
            }
            out += note + "\n"
        }
        out += "\nrejected: \(d.rejected.rows) rows, \(d.rejected.cells) cells"
        if !d.rejected.reasons.isEmpty {
            out += " (" + d.rejected.reasons.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        }
        out += "\n"
        if d.rejected.rows > 0 && d.rejected.rows >= d.rows_read {
            out += "most rows were rejected (\(d.rejected.rows) of \(d.rejected.rows + d.rows_read)): the KPIs above stand on what is left; check the log's format and plant\n"
        }
        if !d.alarms.isEmpty {
            out += "alarms raised: \(d.alarms.count)\n"
            for a in d.alarms.prefix(20) { out += "  \(a.time)  \(a.priority.uppercased().padded(to: 8)) \(a.id): \(Sanitize.line(a.message))\n" }
            if d.alarms.count > 20 { out += "  … \(d.alarms.count - 20) more (--format json lists all)\n" }
        }
        if !d.meter_events.isEmpty {
            out += "meter events: " + d.meter_events.prefix(10).map { "\($0.tag) \($0.event) at \($0.time)" }.joined(separator: "; ")
            if d.meter_events.count > 10 { out += " … (\(d.meter_events.count) in all)" }
            out += "\n"
        }
        return out
    }
}
