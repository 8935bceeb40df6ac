import ArgumentParser
import Logging
import PlantModel

/// Set by SIGTERM/SIGINT; the run loop checks it every tick.
nonisolated(unsafe) private var stopRequested: Int32 = 0

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run sources, KPIs, alarms, the journal and recording without a screen; optionally serve Prometheus metrics.",
        discussion: """
        Takes the options of `live`. Logs to stderr; stops cleanly on SIGTERM or SIGINT.
        Example: plantwatch serve --plant humanwell --metrics-listen 9464
        """)

    @OptionGroup var live: LiveCommand
    @Option(help: "Serve /metrics (Prometheus text format) on [ADDR:]PORT; loopback unless an address is given.") var metricsListen: String?

    static func listenAddress(_ text: String) throws -> (String, Int) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let (host, portText) = parts.count == 1 ? ("127.0.0.1", parts[0]) : (parts.dropLast().joined(separator: ":"), parts.last!)
        guard let port = Int(portText), (0...65_535).contains(port), !host.isEmpty else {
            throw ValidationError("--metrics-listen must be [ADDR:]PORT, e.g. 9464 or 0.0.0.0:9464, not '\(text)'")
        }
        return (host, port)
    }

    func run() throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var log = Logger(label: "plantwatch")
        log.logLevel = .info
        let app = try live.makeApp()
        let metrics = PlantMetrics()
        metrics.update(app.state.monitors, now: app.state.simTime)
        var server: MetricsServer?
        if let listen = metricsListen {
            let (host, port) = try ServeCommand.listenAddress(listen)
            let box = MetricsBox(metrics)
            do { server = try MetricsServer(host: host, port: port, metrics: { box.text() }) } catch {
                throw ValidationError("cannot listen on \(host):\(port): \(error)")
            }
            log.info("serving /metrics", metadata: ["address": "\(server!.address)"])
        }
        signal(SIGTERM) { _ in stopRequested = 1 }
        signal(SIGINT) { _ in stopRequested = 1 }
        log.info("started", metadata: ["plants": "\(app.state.monitors.map(\.plant.id).joined(separator: ","))",
                                       "sources": "\(app.state.sourceLabels.joined(separator: "; "))"])
        // Journal repairs and write errors, resumes, clock skew, recording notices: once each.
        let notices = { for n in app.takeNotices() { log.warning("notice", metadata: ["message": "\(Sanitize.line(n, limit: 400))"]) } }
        notices()
        var last = monotonic()
        while stopRequested == 0 {
            usleep(200_000)
            let now = monotonic()
            guard now - last >= 1 else { continue }
            let before = app.state.monitors.map { $0.alarms.alarms.map(\.state) }
            let labels = app.state.sourceLabels
            app.tick(wall: now - last)
            notices()
            for (old, new) in zip(labels, app.state.sourceLabels) where old != new {
                log.warning("source", metadata: ["state": "\(Sanitize.line(new))"])
            }
            last = now
            for (m, old) in zip(app.state.monitors, before) {
                for (a, was) in zip(m.alarms.alarms, old) where a.state != was {
                    log.notice("alarm", metadata: ["plant": "\(m.plant.id)", "alarm": "\(a.rule.id)", "priority": "\(a.rule.priority.rawValue)",
                                                   "state": "\(a.state.rawValue)", "message": "\(Sanitize.line(m.alarms.message(m.alarms.index(of: a.rule.id)!)))"])
                }
            }
            metrics.lock.withLock { metrics.update(app.state.monitors, now: app.state.simTime) }
        }
        app.finish()
        notices()
        server?.stop()
        log.info("stopped", metadata: ["signal": "SIGTERM/SIGINT"])
    }
}

/// Hands the metrics text to the server thread under the same lock the updates take.
final class MetricsBox: @unchecked Sendable {
    let metrics: PlantMetrics
    init(_ m: PlantMetrics) { metrics = m }
    func text() -> String { metrics.lock.withLock { metrics.text() } }
}
