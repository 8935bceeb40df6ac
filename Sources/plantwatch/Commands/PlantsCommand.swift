import ArgumentParser
import PlantModel

struct PlantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plants",
        abstract: "List the built-in plants with their scenarios, measures, faults and KPIs.")

    func run() throws {
        for p in PlantCatalog.all {
            print("\(p.id) — \(p.title), \(p.site)")
            print("  scenarios:")
            for s in p.scenarios { print("    \(s.id.padded(to: 18)) \(s.summary)") }
            if !p.measures.isEmpty {
                print("  measures (--measures a,b,...):")
                for m in p.measures { print("    \(m.id.padded(to: 18)) \(m.summary)") }
            }
            print("  faults (--fault NAME@TIME, NAME:TAG@TIME):")
            for f in p.supportedFaults { print("    \(f.rawValue.padded(to: 18)) \(f.summary)") }
            print("  KPIs:")
            for k in p.kpis() {
                let unit = k.unit.symbol.isEmpty ? "" : " [\(k.unit.symbol)]"
                print("    \(k.id.padded(to: 22)) \(k.name)\(unit) = \(k.formula)")
            }
            print("")
        }
    }
}
