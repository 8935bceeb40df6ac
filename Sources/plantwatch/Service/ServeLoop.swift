import Logging
import PlantModel
import ServiceLifecycle

/// `serve`'s run loop as a service: once a second, each plant's new rows go through its pipeline,
/// and the alarm transitions they cause — one stream — are journaled, logged and counted in
/// /metrics, each exactly once. On graceful shutdown it drains: the rows its sources already
/// hold go through, the recordings are flushed whole, and only then does it return.
final class ServeLoop: Service, @unchecked Sendable {
    // @unchecked: the sources, pipelines and recorders are touched only by `run`, on one task.
    private var setup: LiveSetup
    private let metrics: PlantMetrics
    private let log: Logger
    private var labels: [String]

    init(_ setup: LiveSetup, metrics: PlantMetrics, log: Logger) {
        self.setup = setup
        self.metrics = metrics
        self.log = log
        labels = setup.sources.map(\.label)
        metrics.update(setup.pipelines, now: setup.time)
    }

    var pipelines: [PlantPipeline] { setup.pipelines }

    func run() async throws {
        // Logged here, not before: by now the service group traps SIGTERM and SIGINT, so whoever
        // waits for this line may signal at once and get a drain, not a kill.
        log.info("started", metadata: ["plants": "\(setup.pipelines.map(\.plant.id).joined(separator: ","))",
                                       "sources": "\(setup.sources.map(\.label).joined(separator: "; "))"])
        publish([])
        var last = monotonic()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
            let now = monotonic()
            guard now - last >= 1 else { continue }
            step(wall: now - last)
            last = now
        }
        // Drain: what arrived since the last step, then every recorded row on disk.
        step(wall: monotonic() - last)
        setup.finish()
        publish([])
        log.info("drained", metadata: ["rows": "\(setup.pipelines.map(\.rows).reduce(0, +))",
                                       "recorded": "\(setup.recorders.compactMap { $0?.rows }.reduce(0, +))"])
    }

    /// Moves the clock `wall` seconds on (simulations run at 1×) and feeds every plant up to it.
    func step(wall: Double) {
        switch setup.adoptHistoryIfReady() {
        case .success(let days)?: log.info("history", metadata: ["days": "\(days)"])
        case .failure(let e)?: log.error("history not simulated", metadata: ["error": "\(e)"])
        case nil: break
        }
        let target = setup.followsWallClock ? max(setup.time, wallClock()) : setup.time + wall
        publish(setup.advance(to: target))
        for (i, s) in setup.sources.enumerated() where s.label != labels[i] {
            labels[i] = s.label
            log.warning("source", metadata: ["state": "\(Sanitize.line(s.label))"])
        }
        metrics.update(setup.pipelines, now: setup.time)
    }

    /// The alarm transitions, in the order they happened, to every consumer.
    private func publish(_ events: [AlarmEvent]) {
        // What the dashboard says on its status bar: a resumed log, a repaired journal or
        // recording, a log on another clock, journal and recording write errors.
        for n in setup.journal(events) { log.warning("notice", metadata: ["message": "\(Sanitize.line(n, limit: 400))"]) }
        for e in events {
            log.notice("alarm", metadata: ["plant": "\(e.plant)", "alarm": "\(e.alarm)", "priority": "\(e.priority.rawValue)",
                                           "event": "\(e.event.rawValue)", "state": "\(e.state.rawValue)", "time": "\(e.iso)",
                                           "message": "\(Sanitize.line(e.message))"])
        }
        metrics.count(events)
    }
}
