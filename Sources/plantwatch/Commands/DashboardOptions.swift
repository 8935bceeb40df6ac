import Foundation
import ArgumentParser
import PlantModel

/// Options shared by `live` and `replay`.
struct DashboardOptions: ParsableArguments {
    @Option(help: "Seconds between screen refreshes.") var refresh: Double = 1
    @Flag(help: "No colour (also when NO_COLOR is set or the terminal has none).") var noColor = false
    @Flag(help: "No mouse: the terminal keeps its own text selection (clicks and the wheel otherwise act on the dashboard).") var noMouse = false
    @Flag(help: "ASCII only: no box drawing, blocks or braille (also automatic outside a UTF-8 locale).") var ascii = false
    @Option(help: "Alarm rules in YAML, merged with the defaults (see README).") var config: String?
    @Option(help: "Alarm journal (JSON lines); reopened on restart so acknowledgements survive.") var journal: String?

    func validate() throws {
        guard refresh >= 0.1, refresh <= 60 else { throw ValidationError("--refresh must be between 0.1 and 60 seconds, not \(refresh)") }
    }

    func rules(_ plants: [PlantDefinition]) throws -> [String: [AlarmRule]] {
        do { return try AlarmConfig.load(path: config, plants: plants) } catch let e as AlarmConfig.ConfigError {
            throw ValidationError(e.description)
        } catch let e as LogError {
            throw ValidationError(e.description)
        }
    }

    /// Who acknowledges and shelves, for the journal.
    static var operatorName: String { getenv("USER").map { String(cString: $0) } ?? "operator" }

    var colorWanted: Bool { !noColor && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true }

    /// The dashboard needs a terminal; without one, say so and point to the headless commands.
    static func requireTerminal() throws {
        guard isatty(1) == 1, isatty(0) == 1 else {
            printError("plantwatch: the dashboard needs a terminal, and standard output is not one.\n"
                       + "For a headless summary use `plantwatch report FILE...` (recorded logs) or `plantwatch overview` (simulated plants).\n")
            throw ExitCode(1)
        }
    }

    /// Opens the journal and returns it with the events it already holds.
    func openJournal(defaultPath: String?) throws -> (AlarmJournal?, [AlarmEvent]) {
        guard let path = journal ?? defaultPath else { return (nil, []) }
        var events: [AlarmEvent] = []
        // Only a regular file has events to read back (a device such as /dev/null is written to only).
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG {
            do {
                let r = try AlarmJournal.read(path: path)
                events = r.events
                for p in r.problems.prefix(5) { printError("plantwatch: \(Sanitize.line(p.description))\n") }
            } catch let e as LogError { throw ValidationError(e.description) }
        }
        do { return (try AlarmJournal(path: path), events) } catch let e as LogError { throw ValidationError(e.description) }
    }

    /// Runs the dashboard, restoring the terminal whatever happens.
    static func run(_ app: DashboardApp, color: Bool, ascii: Bool, mouse: Bool) throws {
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal(color: color) } catch {
            printError("plantwatch: \(error)\n")
            throw ExitCode(1)
        }
        app.state.color = terminal.colors
        app.state.ascii = ascii || !terminal.unicode
        defer { terminal.shutdown() }
        if mouse { terminal.enableMouse() }
        app.run(terminal: terminal)
    }
}

/// `$XDG_STATE_HOME/plantwatch/alarms.jsonl` (or `~/.local/state/...`), created if needed.
func defaultJournalPath() -> String? {
    var base: String
    if let x = getenv("XDG_STATE_HOME"), !String(cString: x).isEmpty {
        base = String(cString: x)
    } else if let h = getenv("HOME") {
        base = String(cString: h) + "/.local/state"
    } else {
        return nil
    }
    let dir = base + "/plantwatch"
    // Parents too: a fresh account has no ~/.local/state (nor ~/.local).
    do {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    } catch {
        // Said before the screen takes over: acknowledgements would not survive a restart.
        FileHandle.standardError.write(Data("plantwatch: no alarm journal: cannot create \(Sanitize.line(dir)): \(error.localizedDescription) (--journal FILE names one)\n".utf8))
        return nil
    }
    return dir + "/alarms.jsonl"
}
