import ArgumentParser
import PlantModel

/// Validations shared by several commands, with messages that name the bad value.
enum Arguments {
    /// Opens logs for a command, turning read failures into its exit statuses: 66 a file cannot be
    /// read, 65 a strict stop, 64 (validation) the plant cannot be inferred.
    static func reader(_ files: [String], plant: PlantDefinition?, rejects: String? = nil) throws -> LogReader {
        do {
            return try LogReader(paths: files, plant: plant, rejectsPath: rejects)
        } catch let e as LogError {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(66)
        } catch let e as LogReader.PlantInferenceError {
            throw ValidationError(e.description)
        } catch let e as LogReader.StrictStop {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(65)
        }
    }

    static func plant(_ id: String) throws -> PlantDefinition {
        guard let p = PlantCatalog.plant(id) else {
            throw ValidationError("unknown plant '\(id)' (known: \(PlantCatalog.all.map(\.id).joined(separator: ", ")))")
        }
        return p
    }

    static func measures(_ list: String?) -> Set<String> {
        guard let list else { return [] }
        return Set(list.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty })
    }

    static func time(_ text: String, plant: PlantDefinition, what: String) throws -> Double {
        guard let t = ISO8601.parse(text, defaultOffset: plant.utcOffset) else {
            throw ValidationError("\(what) '\(text)' is not an ISO 8601 date or time (e.g. 2019-05-01 or 2019-05-01T08:00:00+08:00)")
        }
        return t
    }
}
