import Foundation
import PlantModel

/// A plant that only runs in part of the year (MOMA's chillers, May–September) would show nothing
/// but dashes out of season. Its dashboard clock is then moved back by whole weeks, so that weekday
/// and time of day stay those of the wall clock, to the middle of its last season; the status bar
/// and the plant's block say so.
enum SeasonClock {
    /// Seconds the plant's clock runs behind `now`; 0 when the plant is in season or has none.
    static func offset(_ p: PlantDefinition, now: Double) -> Double {
        guard let season = p.season else { return 0 }
        let local = CivilTime(epoch: now, offset: p.utcOffset)
        if season.contains(local.month) { return 0 }
        let year = local.month > season.upperBound ? local.year : local.year - 1
        let middle = (season.lowerBound + season.upperBound) / 2
        let target = CivilTime(year: year, month: middle, day: 15, hour: local.hour, minute: local.minute).epoch(offset: p.utcOffset)
        let week = 7 * 86_400.0
        return ((now - target) / week).rounded() * week
    }
}

/// What the dashboard runs on: per plant a source and its monitor, and the "before" scenario's.
struct PlantRuns {
    var monitors: [PlantMonitor]
    var sources: [any ReadingSource]
    var before: [PlantMonitor?]
    var beforeSources: [(any ReadingSource)?]
    var beforeLabels: [String]
}

/// Simulates the long history (35 days by default: drift needs 30 complete days of baseline) on a
/// thread of its own while the dashboard already runs on the last day, simulated at once. When it
/// is done the run loop adopts its monitors. The worker touches nothing but what it built.
final class HistoryLoader: @unchecked Sendable {
    private let lock = NSLock()
    private var _progress = 0.0
    private var _result: Result<PlantRuns, any Error>?
    let days: Double

    /// `build(start)` makes fresh runs whose simulations start at `start`; they are advanced to
    /// `until` (dashboard time) by `advance`, a day at a time so that progress can be shown.
    private var thread: Thread?

    init(days: Double, until: Double, build: @escaping @Sendable (Double) throws -> PlantRuns,
         advance: @escaping @Sendable (inout PlantRuns, Double) -> Void) {
        self.days = days
        let start = until - days * 86_400
        let worker = Thread { [self] in
            do {
                var runs = try build(start)
                var t = start
                while t < until {
                    t = min(until, t + 86_400)
                    advance(&runs, t)
                    lock.withLock { _progress = (t - start) / (until - start) }
                }
                let done = runs
                lock.withLock { _result = .success(done) }
            } catch {
                lock.withLock { _result = .failure(error) }
            }
        }
        worker.stackSize = 8 << 20
        thread = worker
    }

    /// Starts the worker (once): after the first frame, so that it does not compete with it.
    func start() {
        guard let t = thread else { return }
        thread = nil
        t.start()
    }

    var progress: Double { lock.withLock { _progress } }

    /// The finished runs, once (nil while the worker is busy and after they were taken).
    func take() -> Result<PlantRuns, any Error>? {
        lock.withLock {
            defer { _result = nil }
            return _result
        }
    }
}
