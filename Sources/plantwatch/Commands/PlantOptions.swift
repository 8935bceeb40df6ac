import ArgumentParser
import PlantModel

/// Which plant(s) a command works on: a built-in plant by id, or site files (YAML) for any other
/// plant. Logs pick their plant among these (or among the built-ins when none is given).
struct PlantOptions: ParsableArguments {
    @Option(help: "Built-in plant: catl, humanwell or moma.") var plant: String?
    @Option(name: .customLong("site"), help: "Site file (YAML) describing a plant; repeat it to put several plants side by side.") var sites: [String] = []

    /// Exit status for a site file that does not load (sysexits' EX_CONFIG).
    static let badSiteFile: Int32 = 78

    func validate() throws {
        if plant != nil && !sites.isEmpty { throw ValidationError("give --plant or --site, not both") }
    }

    /// The plants asked for; nil when none was named (a log's tags then choose among the built-ins).
    func chosen() throws -> [PlantDefinition]? {
        if let plant { return [try Arguments.plant(plant)] }
        if sites.isEmpty { return nil }
        var out: [PlantDefinition] = []
        for path in sites {
            let p = try PlantOptions.loadSite(path)
            if let other = out.first(where: { $0.id == p.id }) {
                throw ValidationError("two site files name the plant '\(p.id)' (\(other.title), \(p.title)); plant ids must differ")
            }
            out.append(p)
        }
        return out
    }

    /// Exactly one plant (tags, modbus-map, simulate).
    func one() throws -> PlantDefinition {
        guard let c = try chosen() else { throw ValidationError("give --plant ID or --site FILE") }
        guard c.count == 1 else { throw ValidationError("this command takes one plant; give one --site") }
        return c[0]
    }

    /// Where a log's plant is looked for.
    func candidates() throws -> [PlantDefinition] { try chosen() ?? PlantCatalog.all }

    static func loadSite(_ path: String) throws -> PlantDefinition {
        do { return try SiteLoader.load(path: path) } catch let e as SiteError {
            printError("plantwatch: \(e.description)\n")
            throw ExitCode(badSiteFile)
        } catch let e as LogError {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(66)
        }
    }
}
