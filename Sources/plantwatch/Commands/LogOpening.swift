import ArgumentParser
import PlantModel

/// Opening logs for a command, each failure with its documented exit status: 66 a file cannot be
/// read, 65 the log is another plant's (or --strict stopped at a bad row), 64 the plant cannot be
/// told from the log.
enum LogOpening {
    static func reader(_ paths: [String], candidates: [PlantDefinition], rejects: String? = nil) throws -> LogReader {
        do { return try LogReader(paths: paths, candidates: candidates, rejectsPath: rejects) } catch let e as LogError {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(66)
        } catch let e as LogReader.NotThisPlant {
            printError("plantwatch: \(e.description)\n")
            throw ExitCode(65)
        } catch let e as LogReader.StrictStop {
            printError("plantwatch: \(Sanitize.line(e.description))\n")
            throw ExitCode(65)
        } catch let e as LogReader.PlantInferenceError {
            throw ValidationError(e.description)
        }
    }
}
