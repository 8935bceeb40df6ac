import ArgumentParser
import PlantModel

struct TagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "List a plant's tags with units, kinds, intervals and valid ranges.")

    @OptionGroup var plants: PlantOptions

    func run() throws {
        let p = try plants.one()
        let rows = p.tags.tags.map { t -> [String] in
            [t.id, t.unit.symbol.isEmpty ? "-" : t.unit.symbol, t.kind.rawValue, "\(Int(t.interval)) s",
             "\(fmt(t.validRange.lowerBound))…\(fmt(t.validRange.upperBound))", t.columns.isEmpty ? "-" : t.columns.joined(separator: " "), Sanitize.line(t.description)]
        }
        print(TextTable.render(header: ["tag", "unit", "kind", "interval", "valid range", "log columns", "description"], rows: rows))
    }

    private func fmt(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e7 ? String(Int(v)) : "\(v)"
    }
}
