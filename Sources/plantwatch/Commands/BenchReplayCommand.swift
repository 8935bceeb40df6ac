import ArgumentParser
import PlantModel

/// `plantwatch bench-replay`: what `replay` costs on a long log, without a terminal: the replay's
/// own run loop (DashboardApp) opens the log, plays it to the end at "max" speed, then seeks back
/// as `[` does and by a whole day; prints each stage's time and the peak resident size.
struct BenchReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-replay", abstract: "Benchmark: replay a log to its end and seek back, headless.", shouldDisplay: false)

    @Argument(help: "Log files (as for replay).") var files: [String]
    @OptionGroup var plants: PlantOptions
    @Option(help: "Seeks back of an hour (`[`), then as many of a day, then up to three of a year.") var seeks = 10

    func run() throws {
        let t0 = monotonic()
        let candidates = try plants.candidates()
        let files = self.files
        let build: () throws -> (monitors: [PlantMonitor], sources: [any ReadingSource]) = {
            let reader = try LogOpening.reader(files, candidates: candidates)
            let source = try ReplaySource(reader: reader)
            return ([try PlantMonitor(plant: reader.plant, timing: reader.learnTiming())], [source])
        }
        let built = try build()
        guard let first = built.sources[0].nextTime, let source = built.sources[0] as? ReplaySource else {
            throw ValidationError("the log has no readable rows")
        }
        let state = DashboardState(monitors: built.monitors, sourceLabels: built.sources.map(\.label), mode: .replay, simTime: first)
        let app = DashboardApp(state: state, sources: built.sources, journal: nil, refresh: 1, operatorName: "bench", rebuild: build)
        app.state.simTime = app.advance(to: first)
        let t1 = monotonic()
        print("open: \(seconds(t1 - t0)) (\(source.rowCount) rows)")
        while !app.state.finished { app.state.simTime = app.advance(to: .infinity, limit: DashboardApp.maxRowsPerTick) }
        let t2 = monotonic()
        print("play to the end: \(seconds(t2 - t1)), \(NumberFormat.string(Double(source.rowCount) / (t2 - t1) / 1e6, decimals: 2)) M rows/s, \(source.checkpointCount) checkpoints")
        // A year back is rare (365 × 24 presses of `[`) and costs most: fewer of them.
        for (label, step, count) in [("an hour ([)", 3600.0, seeks), ("a day", 86_400, seeks), ("a year", 365 * 86_400, min(seeks, 3))] {
            var times: [Double] = []
            for _ in 0..<count {
                let s = monotonic()
                app.seekBack(by: step)
                times.append(monotonic() - s)
            }
            times.sort()
            print("seek back \(label): median \(seconds(times[times.count / 2])), max \(seconds(times.last!)) over \(count)")
        }
        print("peak resident: \(peakResidentMB()) MB")
    }

    private func seconds(_ s: Double) -> String { s < 1 ? NumberFormat.string(s * 1000, decimals: 1) + " ms" : NumberFormat.string(s, decimals: 2) + " s" }

    /// VmHWM from /proc/self/status: the process's peak resident set.
    private func peakResidentMB() -> String {
        guard let bytes = try? ChunkReader.readAll("/proc/self/status") else { return "?" }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
            return NumberFormat.string(kb / 1024, decimals: 1)
        }
        return "?"
    }
}
