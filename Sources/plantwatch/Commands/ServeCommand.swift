import ArgumentParser
import Dispatch
import Logging
import PlantModel
import ServiceLifecycle
import Synchronization

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run sources, KPIs, alarms, the journal and recording without a screen; optionally serve Prometheus metrics.",
        discussion: """
        Takes the options of `live`. Logs to stderr; on SIGTERM or SIGINT it drains (the rows already \
        received go through, the recording is flushed) and stops.
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
        let log = { var l = Logger(label: "plantwatch"); l.logLevel = .info; return l }()
        let listen = try metricsListen.map(ServeCommand.listenAddress)
        // Sources straight into pipelines: no dashboard state, no diffing of alarm snapshots.
        let metrics = PlantMetrics()
        let loop = ServeLoop(try live.makeSetup(background: true), metrics: metrics, log: log)
        try ServeCommand.wait {
            var services: [any Service] = []
            if let (host, port) = listen {
                let server: MetricsServer
                do { server = try await MetricsServer.bind(host: host, port: port, metrics: { metrics.text() }) } catch {
                    throw ValidationError("cannot listen on \(host):\(port): \(error)")
                }
                log.info("serving /metrics", metadata: ["address": "\(server.address)"])
                services.append(server)
            }
            // Graceful shutdown goes to services last first: the loop drains while /metrics still answers.
            services.append(loop)
            var groupLog = log
            groupLog.logLevel = .warning
            try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: groupLog).run()
        }
        log.info("stopped", metadata: ["signal": "SIGTERM/SIGINT"])
    }

    /// Every other command runs synchronously on the main thread — ncurses expects it, and
    /// `report`'s speed is measured there — so the root command stays synchronous and `serve`
    /// alone hands its services to Swift concurrency, the main thread waiting for them.
    private static func wait(for body: @escaping @Sendable () async throws -> Void) throws {
        final class Outcome: Sendable {
            let done = DispatchSemaphore(value: 0)
            let error = Mutex<(any Error)?>(nil)
        }
        let outcome = Outcome()
        Task.detached {
            do { try await body() } catch { outcome.error.withLock { $0 = error } }
            outcome.done.signal()
        }
        outcome.done.wait()
        if let error = outcome.error.withLock({ $0 }) { throw error }
    }
}
