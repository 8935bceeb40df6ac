import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing
@testable import PlantModel
@testable import plantwatch

/// Keeps what a logger was asked to log.
struct CapturedLog: LogHandler {
    final class Lines: Sendable {
        let lines = Mutex<[(message: String, metadata: Logger.Metadata)]>([])
    }
    let store: Lines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        store.lines.withLock { $0.append(("\(message)", metadata ?? [:])) }
    }
}

@Suite struct ServeTests {
    /// `serve --follow LOG --record REC --journal J`, stopped by graceful shutdown before its
    /// first tick: the drain alone must take in the whole log, record every row, and send each
    /// alarm transition once to the journal, the log and /metrics — the same transitions `report`'s
    /// pipeline finds in the log, followed by the stale-data alarms of a source that went quiet.
    @Test func gracefulShutdownDrainsAndEachTransitionIsLoggedOnce() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sample = "Samples/humanwell-recovery-2021-faults.csv"
        let followed = dir + "/followed.csv", recording = dir + "/rec.csv", journalPath = dir + "/alarms.jsonl"
        try FileManager.default.copyItem(atPath: sample, toPath: followed)
        let plant = HumanwellPlant.definition

        let setup = LiveSetup(pipelines: [try PlantPipeline(plant: plant)], sources: [FollowSource(path: followed, plant: plant, now: wallClock())],
                              recorders: [try Recorder(path: recording, plant: plant)], journal: try AlarmJournal(path: journalPath),
                              time: wallClock(), followsWallClock: true, rebuild: { throw CancellationError() })
        let captured = CapturedLog.Lines()
        let metrics = PlantMetrics()
        let loop = ServeLoop(setup, metrics: metrics, log: Logger(label: "test") { _ in CapturedLog(store: captured) })
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }

        // Every row of the log went through the pipeline and into the recording.
        let reader = try LogReader(paths: [sample], plant: plant)
        let source = try ReplaySource(reader: reader)
        #expect(loop.pipelines[0].rows == source.rowCount)
        #expect(try ReplaySource(reader: try LogReader(paths: [recording], plant: plant)).rowCount == source.rowCount)

        // Each transition once: the journal, the log and the counter agree.
        let journal = try AlarmJournal.read(path: journalPath).events
        let logged = captured.lines.withLock { $0.filter { $0.message == "alarm" } }
        #expect(journal.count >= 3)
        #expect(logged.count == journal.count)
        for (l, e) in zip(logged, journal) {
            #expect(l.metadata["alarm"] == .string(e.alarm) && l.metadata["event"] == .string(e.event.rawValue) && l.metadata["time"] == .string(e.iso))
        }
        let counted = metrics.text().split(separator: "\n").filter { $0.hasPrefix("plantwatch_alarm_transitions_total{") }
            .compactMap { Double($0.split(separator: " ").last!) }.reduce(0, +)
        #expect(Int(counted) == journal.count)
        #expect(captured.lines.withLock { $0.contains { $0.message == "drained" } })

        // The same code path as `report`: the log's own transitions come first, identical.
        var run = try PlantPipeline(plant: plant, stages: .report(every: .day))
        let r2 = try LogReader(paths: [sample], plant: plant)
        r2.deliver(only: run.neededTags, markBad: true)
        var viaReport: [AlarmEvent] = []
        try r2.read { viaReport += run.ingest($0) }
        #expect(!viaReport.isEmpty)
        #expect(Array(journal.prefix(viaReport.count)) == viaReport)
        // Then the source is quiet at the wall clock's instant: its meters' stale alarms raise.
        #expect(journal.dropFirst(viaReport.count).contains { $0.alarm.hasSuffix("-stale") && $0.event == .activate })
    }
}

@Suite struct MetricsTests {
    /// Plants that state the same KPI with their own formulas (every built-in plant's energy cost,
    /// CO₂e and coal equivalent differ) share one metric name, and Prometheus wants one help text
    /// per name: /metrics of all three plants at once must come out, each plant's series labelled.
    @Test func threePlantsShareMetricNames() throws {
        let metrics = PlantMetrics()
        let pipelines = try PlantCatalog.all.map { try PlantPipeline(plant: $0) }
        let costs = Set(PlantCatalog.all.compactMap { $0.kpis().first { $0.id == "energy_cost" }?.formula })
        #expect(costs.count > 1)
        metrics.update(pipelines, now: 0)
        metrics.update(pipelines, now: 60)
        let text = metrics.text()
        for p in PlantCatalog.all {
            #expect(text.contains("plantwatch_energy_cost_cny{plant=\"\(p.id)\",window=\"1h\"}"), "\(p.id)")
        }
        #expect(text.components(separatedBy: "# HELP plantwatch_energy_cost_cny ").count == 2)
    }
}
