import FoundationEssentials
import ArgumentParser
import PlantModel

/// Where drift detection gets its baselines: a period of the same logs, a saved file, or (default)
/// the first 30 days of the log.
struct BaselineOptions: ParsableArguments {
    @Option(help: "Fit the drift baselines on this period of the log: FROM..TO (ISO 8601).") var baseline: String?
    @Option(help: "Use saved baselines (`plantwatch baseline fit -o FILE`).") var baselineFile: String?
    @Flag(help: "No drift detection.") var noDrift = false

    func validate() throws {
        if baseline != nil && baselineFile != nil { throw ValidationError("give --baseline or --baseline-file, not both") }
    }

    static func period(_ text: String, plant: PlantDefinition) throws -> (Double, Double) {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 else { throw ValidationError("--baseline must be FROM..TO, e.g. 2019-01-01..2019-02-01, not '\(text)'") }
        let a = try Arguments.time(parts[0], plant: plant, what: "--baseline start")
        let b = try Arguments.time(parts[1], plant: plant, what: "--baseline end")
        guard a < b else { throw ValidationError("--baseline: the start must be before the end") }
        return (a, b)
    }

    /// The models to start with: fitted now on --baseline, or read from --baseline-file; none means
    /// "fit on the first 30 days as they stream by".
    func models(files: [String], plant: PlantDefinition) throws -> [BaselineModel] {
        if let path = baselineFile { return try BaselineFile.read(path, plant: plant) }
        guard let text = baseline else { return [] }
        let (a, b) = try BaselineOptions.period(text, plant: plant)
        let reader = try LogReader(paths: files, plant: plant)
        // Targets that are KPIs; the chiller-curve check fits itself as the stream passes.
        let kpiIDs = Set(plant.kpis().map(\.id))
        let specs = DriftSpecs.all(plant.id).filter { kpiIDs.contains($0.baseline.target) }
        let ids = specs.flatMap { [$0.baseline.target] + $0.baseline.drivers }
        let data = try BaselineData.daily(reader, kpis: Array(Set(ids)).sorted(), from: a, to: b)
        var out: [BaselineModel] = []
        for spec in specs {
            do { out.append(try BaselineModel.fit(spec.baseline, plant: plant.id, data: data, offset: plant.utcOffset)) } catch {
                throw ValidationError("baseline \(spec.alarmID) on \(text): \(error)")
            }
        }
        return out
    }
}

/// Saved baselines: a JSON array of fitted models.
enum BaselineFile {
    static func read(_ path: String, plant: PlantDefinition) throws -> [BaselineModel] {
        let reader = try ChunkReader(path: path)
        var bytes: [UInt8] = []
        while let c = reader.next() { bytes += c.bytes }
        let models: [BaselineModel]
        do { models = try JSONDecoder().decode([BaselineModel].self, from: Data(bytes)) } catch {
            throw ValidationError("\(path): not a baseline file (\(error))")
        }
        guard models.allSatisfy({ $0.plant == plant.id }) else { throw ValidationError("\(path): baselines of another plant than \(plant.id)") }
        return models
    }
}
