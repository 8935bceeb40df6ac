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
        do { return try BaselineModel.fitDrift(reader, from: a, to: b) } catch let e as LinearModel.FitError {
            throw ValidationError("--baseline \(text): \(e.description)")
        }
    }
}

/// Saved baselines: a JSON array of fitted models.
enum BaselineFile {
    static func read(_ path: String, plant: PlantDefinition) throws -> [BaselineModel] {
        let bytes = try ChunkReader.readAll(path)
        let models: [BaselineModel]
        do { models = try JSONDecoder().decode([BaselineModel].self, from: Data(bytes)) } catch {
            throw ValidationError("\(path): not a baseline file (\(error))")
        }
        guard models.allSatisfy({ $0.plant == plant.id }) else { throw ValidationError("\(path): baselines of another plant than \(plant.id)") }
        return models
    }
}
