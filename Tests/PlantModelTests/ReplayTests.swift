import Foundation
import Testing
@testable import PlantModel

/// Replay in bounded memory: a read that stops and resumes delivers what one straight read does,
/// and a replay that seeks back reaches the state a straight run reaches.
@Suite struct ReplayTests {
    /// A messy wide log of Humanwell (bad cells, quotes, CRLF, comments, blank lines, rows out of
    /// order and repeated) and a long log overlapping it (readings of the same instants rejected
    /// as duplicates, others merged into the wide rows' instants).
    static func messyLogs(seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var wide = MessyWideLog.header
        var long = "timestamp,tag,value,quality\n"
        var t = 1_546_300_800
        for _ in 0..<600 {
            wide += MessyWideLog.line(&t, pick)
            if pick(3) == 0 {
                let tag = ["gas_flow", "outdoor_temp", "mains_temp"][pick(3)]
                long += "\(t + [0, 30][pick(2)]),\(tag),\(pick(40)).\(pick(10)),\(["Good", "Bad", "192"][pick(3)])\n"
            }
        }
        return [tempFile(wide, name: "wide-\(seed).csv"), tempFile(long, name: "long-\(seed).csv")]
    }

    static func render(_ row: ReadingRow) -> String { MessyWideLog.render(row) }

    /// Reads `paths` in stops of `every` rows, each resumed where the last stopped (`every` nil:
    /// straight); returns the rows, the rejects file and the positions it stopped at.
    static func read(_ paths: [String], every: Int?, blockSize: Int) throws -> (rows: [String], rejects: String, stops: [(row: Int, at: LogReader.Position)]) {
        let rejects = tempFile("", name: "rejects.csv")
        let r = try LogReader(paths: paths, candidates: [HumanwellPlant.definition], rejectsPath: rejects, blockSize: blockSize)
        r.deliver(markBad: true)
        var rows: [String] = []
        var stops: [(Int, LogReader.Position)] = []
        var position: LogReader.Position? = nil
        repeat {
            var n = 0
            position = try r.read(from: position, parallel: false) { row in
                rows.append(render(row))
                n += 1
                return every.map { n < $0 } ?? true
            }
            if let p = position { stops.append((rows.count, p)) }
        } while position != nil
        return (rows, try String(contentsOfFile: rejects, encoding: .utf8), stops)
    }

    @Test(arguments: [1, 2, 7, 50])
    func resumedReadsDeliverWhatAStraightReadDoes(every: Int) throws {
        for seed: UInt64 in [1, 2, 3] {
            let paths = ReplayTests.messyLogs(seed: seed)
            // Small blocks: stops fall in every position within and between blocks.
            let straight = try ReplayTests.read(paths, every: nil, blockSize: 512)
            let resumed = try ReplayTests.read(paths, every: every, blockSize: 512)
            #expect(straight.rows.count > 300)
            #expect(straight.rejects.split(separator: "\n").count > 100, "the logs have rejects to count")
            #expect(resumed.rows == straight.rows, "seed \(seed), stops every \(every) rows")
            // Every reject once, with its line, column and reason, in line order within each file.
            // (Between files the order follows where blocks end, in a straight read too.)
            func byFile(_ rejects: String) -> [Substring: [Substring]] {
                Dictionary(grouping: rejects.split(separator: "\n").dropFirst()) { $0.split(separator: ",")[0] }
            }
            #expect(byFile(resumed.rejects) == byFile(straight.rejects), "seed \(seed), stops every \(every) rows")
            #expect(resumed.stops.count == (straight.rows.count - 1) / every)

            // Going back: from any earlier stop, the rest of the log again.
            let r = try LogReader(paths: paths, candidates: [HumanwellPlant.definition], blockSize: 512)
            r.deliver(markBad: true)
            try r.read { _ in }
            for stop in resumed.stops.reversed() where stop.row % 5 == 1 {
                var rest: [String] = []
                #expect(try r.read(from: stop.at, parallel: false) { rest.append(ReplayTests.render($0)); return true } == nil)
                #expect(rest == Array(straight.rows[stop.row...]))
            }
        }
    }

    /// What a plant's screen shows and its alarm engine holds: every KPI over each window, the
    /// trends, each tag's latest reading, each alarm's state and message, and the rows taken in.
    static func fingerprint(_ p: PlantPipeline) -> [String] {
        var out = ["rows \(p.rows) now \(p.now)"]
        for k in p.slots.kpis.indices {
            for w in PlantPipeline.windowLengths.indices {
                let v = p.kpi(k, window: w)
                out.append("kpi \(k) \(w) \(v.value?.bitPattern ?? 0) \(v.certain)")
            }
            out.append("trend \(k) " + p.trends[k].map { "\($0.time)=\($0.value?.bitPattern ?? 0)" }.joined(separator: ","))
            out.append("session \(k) \(p.session.value(at: k)?.bitPattern ?? 0)")
        }
        for i in 0..<p.plant.tags.count {
            let t = p.tag(i)
            out.append("tag \(i) \(t.value?.bitPattern ?? 0) \(t.age ?? -1)")
        }
        for (i, a) in p.alarms.alarms.enumerated() {
            out.append("alarm \(a.rule.id) \(a.state.rawValue) \(a.lastChange) \(p.alarms.message(i))")
        }
        return out
    }

    /// Feeds `pipeline` from `source` an hour of log time at a time up to `t`, as the dashboard does.
    static func play(_ source: inout ReplaySource, _ pipeline: inout PlantPipeline, from: Double, to t: Double) -> [AlarmEvent] {
        var events: [AlarmEvent] = []
        var clock = max(from, source.startTime - 1)
        repeat {
            clock = min(t, clock + 3600)
            events += source.feed(&pipeline, to: clock).events
        } while clock < t
        return events
    }

    /// A week with injected faults (alarms raise and clear), as one log and as two overlapping
    /// ones: seeking back to any instant and playing on gives the state and the alarms a
    /// straight run has there, and the same alarm transitions after it.
    @Test(arguments: [false, true])
    func seekingBackReachesTheStraightRunsState(split: Bool) throws {
        var paths = ["Samples/humanwell-recovery-2021-faults.csv"]
        if split {
            let lines = try String(contentsOfFile: paths[0], encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            // The second file repeats the first's last hundred rows: rejected as duplicates.
            paths = [tempFile(lines[..<6000].joined(separator: "\n") + "\n", name: "a.csv"),
                     tempFile(([lines[0]] + lines[5900...]).joined(separator: "\n"), name: "b.csv")]
        }
        func open() throws -> (ReplaySource, PlantPipeline) {
            let reader = try LogReader(paths: paths, plant: HumanwellPlant.definition)
            // The log's faults come late in the week and the fault-free days raise no alarm, so a
            // probe rule raises and clears with the steam load every day.
            let probe = AlarmRule(id: "probe", target: "steam_flow", kind: .high, limit: 4, onDelay: 600, offDelay: 600, priority: .low, message: "probe")
            return (try ReplaySource(reader: reader), try PlantMonitor(plant: reader.plant, rules: reader.plant.alarmRules + [probe], timing: reader.learnTiming()))
        }
        var (source, pipeline) = try open()
        let start = source.startTime, end = try #require(source.endTime)
        #expect(source.rowCount == 10_080)
        // 100 rows of 18 readings each.
        if split { #expect(source.tally.byReason[.duplicateTimestamp] == 100 * 18) }
        // One straight run through the targets (in time order) to the end: the state at each, and
        // the transitions after each.
        let targets = [start + 4.5 * 86_400, start + 2 * 86_400 + 1234, start + 86_400, start]
        var states: [Double: [String]] = [:], eventsBefore: [Double: Int] = [:]
        var straightEvents: [AlarmEvent] = []
        do {
            var (s, p) = try open()
            var clock = start - 1
            for target in targets.sorted() {
                straightEvents += ReplayTests.play(&s, &p, from: clock, to: target)
                clock = target
                states[target] = ReplayTests.fingerprint(p)
                eventsBefore[target] = straightEvents.count
            }
            straightEvents += ReplayTests.play(&s, &p, from: clock, to: end)
        }
        let straight = targets.map { (state: states[$0]!, after: Array(straightEvents[eventsBefore[$0]!...])) }
        #expect(straight[0].after.contains { $0.event == .activate } && straight[0].after.contains { $0.event == .clear })

        // One replay, to the end and back to each target in turn (each earlier than the last).
        let all = ReplayTests.play(&source, &pipeline, from: start - 1, to: end)
        ReplayTests.checkSpacing(source)
        #expect(source.checkpoints.count >= 5)
        #expect(all.count > straight[0].after.count)
        for (k, target) in targets.enumerated() {
            #expect(source.seekBack(to: target, &pipeline))
            #expect(source.checkpoints.last!.time <= target)
            _ = ReplayTests.play(&source, &pipeline, from: source.checkpoints.last!.time, to: target)
            #expect(ReplayTests.fingerprint(pipeline) == straight[k].state, "at target \(k)")
            if k == 0 {
                // And forward again: the same transitions.
                #expect(ReplayTests.play(&source, &pipeline, from: target, to: end) == straight[k].after)
                #expect(source.seekBack(to: target, &pipeline))
                _ = ReplayTests.play(&source, &pipeline, from: source.checkpoints.last!.time, to: target)
            }
        }
    }

    /// Checkpoints start at the log's start, are at least `checkpointEvery` rows apart, and each
    /// one between two others is kept because without it the gap would be more than 1/K of the
    /// way back from the newest (K = `thinning`, 3): so that (two steps back, the distance from
    /// the newest grows by 1/K) there are at most 3 + 2 log₁₊₁/K(rows / 1000) of them.
    static func checkSpacing(_ source: ReplaySource) {
        let rows = source.checkpoints.map(\.row)
        #expect(rows.first == 0)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $1 - $0 >= source.checkpointEvery })
        let head = rows.last!
        for i in rows.indices.dropFirst().dropLast() {
            #expect((rows[i + 1] - rows[i - 1]) * ReplaySource.thinning > head - rows[i + 1], "checkpoint at row \(rows[i]) of \(rows)")
        }
        #expect(Double(rows.count) <= 3 + 2 * log(Double(max(head, 1000)) / 1000) / log(1 + 1 / Double(ReplaySource.thinning)))
    }

    /// Three years of a plant at 15 minutes (105 120 rows): the replay holds one chunk of rows
    /// whatever the log's length, keeps a number of checkpoints that grows with the logarithm of
    /// its length, and seeking back a day or two years delivers the rows a straight read does.
    @Test func memoryStaysBoundedOnAMultiYearLog() throws {
        let p = HumanwellPlant.definition
        let path = tempFile("", name: "three-years.csv")
        var sim = try Simulation(plant: p, config: ScenarioConfig(scenario: "baseline-2019", measures: []), seed: 3,
                                 start: CivilTime(year: 2019, month: 1, day: 1).epoch(offset: p.utcOffset), step: 900, duration: 3 * 365 * 86_400, faults: [])
        var w = CSVLogWriter(registry: p.tags, format: .wide, utcOffset: p.utcOffset, sink: try ByteSink(path: path))
        w.writeHeader()
        var row: [Double] = []
        while let t = sim.next(into: &row) { w.write(time: t, values: row) }
        w.finish()

        var source = try ReplaySource(reader: try LogReader(paths: [path], plant: p))
        #expect(source.rowCount == 105_120)
        // The source only keeps what it is handed: a pipeline that never changes stands in for
        // the plant's, whose state is fixed in size (windows, trends, a bounded drift history).
        let pipeline = try PlantMonitor(plant: p)
        let width = p.tags.count
        var seen: [Double] = [], most = 0
        var clock = source.startTime
        while source.nextTime != nil {
            clock += 86_400
            source.checkpoint(pipeline)
            _ = source.advance(to: clock, limit: .max) { seen.append($0.time) }
            most = max(most, source.rowsHeld)
        }
        #expect(seen.count == 105_120)
        #expect(most * width <= ReplaySource.chunkReadings + width, "one chunk of readings held, at most")
        ReplayTests.checkSpacing(source)
        // Dense near the end: the last day's rows (96) are at most 1000 + 96 rows from a checkpoint.
        #expect(source.checkpoints.count < 40)

        // A day back from the end, then two years back: the rows from there on are the log's.
        var scratch = pipeline
        for back: Double in [86_400, 2 * 365 * 86_400] {
            let target = try #require(source.endTime) - back
            #expect(source.seekBack(to: target, &scratch))
            var again: [Double] = []
            _ = source.advance(to: .infinity, limit: .max) { again.append($0.time) }
            #expect(again == Array(seen[source.checkpoints.last!.row...]))
            #expect(again.first! <= target + 900)
            // Rows fed again to reach the target: at most the gap around it, which is the spacing
            // checkpoints were taken at (1000 rows, and a day's feed of 96) or a gap left by
            // thinning, at most 1/K of its distance from the end.
            let refed = again.count - Int(back / 900)
            #expect(refed <= max(1000 + 96, (Int(back / 900) + 1000 + 96) / ReplaySource.thinning))
        }
    }
}
