import FoundationEssentials
import PlantModel

/// `report --by team`: KPIs as rows, teams as columns, then the plant and the spread between
/// teams; below, each team against its peers under the same conditions.
enum TeamRenderer {
    static func render(_ c: TeamComparison, doc d: ReportDocument, plant: PlantDefinition, format: ReportFormat) -> String {
        switch format {
        case .json: return ReportRenderer.json(d)
        case .csv: return csv(c)
        case .html: return html(c, doc: d, plant: plant)
        case .table, .markdown: return table(c, doc: d, plant: plant, markdown: format == .markdown)
        }
    }

    static func value(_ x: Double?, _ def: KPIDefinition, signed: Bool = false) -> String {
        guard let x else { return "—" }
        let s = NumberFormat.string(x, decimals: def.decimals)
        // A difference that rounds to zero is shown unsigned: "+0.0" would claim a direction.
        let zero = s.allSatisfy { "-0.,".contains($0) }
        return zero ? s.replacing("-", with: "") : signed && x > 0 ? "+" + s : s
    }

    static func csv(_ c: TeamComparison) -> String {
        var out = "team,shifts,hours,share," + c.kpis.map { "\($0.id) [\($0.unit.ascii)],\($0.id) expected,\($0.id) vs peers" }.joined(separator: ",") + "\n"
        func n(_ x: Double?) -> String { x.map { NumberFormat.string($0, decimals: 6) } ?? "" }
        for t in c.teams {
            out += "\(t.name),\(t.shifts),\(n(t.hours)),\(n(t.share)),"
                + c.kpis.indices.map { "\(n(t.values[$0])),\(n(t.expected[$0])),\(n(t.versusPeers[$0]))" }.joined(separator: ",") + "\n"
        }
        out += "plant,,\(n(c.teams.reduce(0) { $0 + $1.hours })),1," + c.kpis.indices.map { "\(n(c.plantValues[$0])),," }.joined(separator: ",") + "\n"
        return out
    }

    /// The team table and the against-peers table, each with its header row first.
    static func tables(_ c: TeamComparison) -> (teams: [[String]], peers: [[String]]) {
        var rows: [[String]] = [
            ["KPI"] + c.teams.map(\.name) + ["plant", "spread"],
            ["shifts worked"] + c.teams.map { "\($0.shifts)" } + ["\(c.teams.reduce(0) { $0 + $1.shifts })", ""],
            ["hours (share)"] + c.teams.map { "\(NumberFormat.string($0.hours, decimals: 0)) (\(NumberFormat.string($0.share * 100, decimals: 1)) %)" }
                + [NumberFormat.string(c.teams.reduce(0) { $0 + $1.hours }, decimals: 0), ""],
        ]
        for (k, def) in c.kpis.enumerated() {
            let unit = def.unit.symbol.isEmpty ? "" : " [\(def.unit.symbol)]"
            rows.append(["\(def.id)\(unit)"] + c.teams.map { value($0.values[k], def) + ($0.coverage[k] < 0.9 && $0.values[k] != nil ? "~" : "") }
                        + [value(c.plantValues[k], def), value(c.spread(k), def)])
        }
        var peers: [[String]] = [["KPI vs peers"] + c.teams.map(\.name) + ["", "spread"]]
        for (k, def) in c.kpis.enumerated() {
            peers.append(["\(def.id)"] + c.teams.map { value($0.versusPeers[k], def, signed: true) } + ["", value(c.normalisedSpread(k), def)])
        }
        return (rows, peers)
    }

    static let peersNote = "Against peers on equal terms: team − what all teams achieved on the same shift in the same rotation cycle (same hours of the day, same days of the year), weighted as the KPI weights those shifts."

    static func thinCoverage(_ c: TeamComparison) -> Bool {
        c.teams.contains(where: { t in t.coverage.indices.contains { t.coverage[$0] < 0.9 && t.values[$0] != nil } })
    }

    /// `report --by team --format html`: the same two tables on a page.
    static func html(_ c: TeamComparison, doc d: ReportDocument, plant: PlantDefinition) -> String {
        var page = HTMLPage(title: "plantwatch report by team · \(plant.title)")
        page.paragraph("\(plant.site) · \(d.from ?? "—") → \(d.to ?? "—") · by team (\(plant.shifts!.shifts.map(\.name).joined(separator: ", ")) shifts) · files: \(d.files.joined(separator: ", "))")
        let (teams, peers) = tables(c)
        page.heading("Every KPI per team")
        page.table(teams)
        page.heading("Against peers")
        page.paragraph(peersNote)
        page.table(peers)
        if thinCoverage(c) { page.paragraph("~ data covers less than 90 % of the team's hours") }
        return page.html
    }

    static func table(_ c: TeamComparison, doc d: ReportDocument, plant: PlantDefinition, markdown: Bool) -> String {
        let (teamRows, peerRows) = tables(c)
        let header = teamRows[0], rows = Array(teamRows.dropFirst()), peers = Array(peerRows.dropFirst())
        var out = "\(plant.title) — \(d.files.joined(separator: ", "))\n"
        out += "\(d.from ?? "—") → \(d.to ?? "—"), by team (\(plant.shifts!.shifts.map(\.name).joined(separator: ", ")) shifts)\n\n"
        func block(_ header: [String], _ rows: [[String]]) -> String {
            if markdown {
                return "| " + header.joined(separator: " | ") + " |\n|" + header.indices.map { $0 == 0 ? "---|" : "---:|" }.joined() + "\n"
                    + rows.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
            }
            return TextTable.render(header: header, rows: rows, rightAligned: Set(1..<header.count)) + "\n"
        }
        out += block(header, rows)
        out += "\nAgainst peers on equal terms: team − what all teams achieved on the same shift in the same rotation cycle\n"
        out += "(same hours of the day, same days of the year), weighted as the KPI weights those shifts.\n\n"
        out += block(peerRows[0], peers)
        if thinCoverage(c) {
            out += "\n~ data covers less than 90 % of the team's hours\n"
        }
        return out
    }
}
