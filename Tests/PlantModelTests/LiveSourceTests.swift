import Foundation
import Testing
@testable import PlantModel

/// Issue 15: one clock per live plant, silence from the start, resuming a followed log,
/// recordings that lose nothing, a journal that repairs its torn end.
@Suite struct LiveSourceTests {
    let plant = HumanwellPlant.definition
    static let jan7 = 1_546_790_400.0      // 2019-01-07T00:00:00+08:00

    func append(_ path: String, _ text: String) throws {
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        h.seekToEndOfFile()
        h.write(Data(text.utf8))
        try h.close()
    }

    func drain(_ s: FollowSource) -> [Double] {
        var times: [Double] = []
        _ = s.advance(to: .infinity, limit: .max) { times.append($0.time) }
        return times
    }

    func row(_ minute: Int, _ steam: Double, _ gas: Double) -> String {
        let t = ISO8601.format(Self.jan7 + Double(minute) * 60, offset: 8 * 3600)
        return "\(t),\(steam),\(gas)\n"
    }

    // MARK: the clock

    @Test func aLogsClockIsSetByItsFirstRowAndNeverGoesBack() {
        var c = SourceClock(kind: .ownTimestamps)
        let host = 1_764_000_000.0
        #expect(c.now(host: host) == host)                               // the host's stands in
        // The first row, years behind the host: the clock moves back onto the log's.
        let back = c.noteRow(time: Self.jan7, arrival: host)
        #expect(back)
        #expect(c.now(host: host + 42) == Self.jan7 + 42)
        #expect(c.skewed && c.skewPending)
        c.skewReported()
        // A late row (arrived 10 s after the pace of the first) does not set the clock back…
        let late = c.noteRow(time: Self.jan7 + 60, arrival: host + 70)
        #expect(!late)
        #expect(c.now(host: host + 70) == Self.jan7 + 70)
        // …a row ahead of pace moves it on; still one skew, reported once.
        let ahead = c.noteRow(time: Self.jan7 + 200, arrival: host + 100)
        #expect(!ahead)
        #expect(c.now(host: host + 100) == Self.jan7 + 200)
        #expect(!c.skewPending)
        // A log on the host's clock (a few seconds' delay) is no skew, though it sets the clock
        // back those seconds; a log ahead of the host moves it on.
        var near = SourceClock(kind: .ownTimestamps)
        let nearBack = near.noteRow(time: host - 3, arrival: host)
        #expect(nearBack && near.now(host: host) == host - 3)
        #expect(!near.skewed && !near.skewPending)
        var ahead2 = SourceClock(kind: .ownTimestamps)
        let forward = ahead2.noteRow(time: host + 3, arrival: host)
        #expect(!forward && ahead2.now(host: host) == host + 3)
        // Modbus: the host's clock, rows or not.
        var modbus = SourceClock(kind: .host)
        modbus.noteRow(time: Self.jan7, arrival: host)
        #expect(modbus.now(host: host) == host)
        #expect(c.skewMessage.hasPrefix("log time is 6.9 years behind the host clock"))
    }

    // MARK: silence from the start

    @Test func aSourceThatSendsNothingRaisesItsStaleAlarmsNamingTheSource() throws {
        var m = try PlantMonitor(plant: plant)
        m.watchSilence(since: 1000, source: "the followed log /data/boiler.csv")
        let early = m.tick(to: 1299)
        #expect(early.isEmpty)                                          // the rules' limit is 300 s
        let events = m.tick(to: 1301)
        #expect(Set(events.map(\.alarm)) == ["gas-meter-stale", "steam-meter-stale"])
        #expect(events.allSatisfy { $0.event == .activate && $0.message.hasSuffix("nothing since start from the followed log /data/boiler.csv") })
        #expect(events.allSatisfy { $0.message.contains("silent for 5 min") })
        // A replay (no live start) never counts silence before the first row.
        var replay = try PlantMonitor(plant: plant)
        let quiet = replay.tick(to: 1_000_000)
        #expect(quiet.isEmpty)
    }

    @Test func aTagWithoutAGoodReadingIsSilentToo() throws {
        var m = try PlantMonitor(plant: plant)
        m.watchSilence(since: 0, source: "the Modbus device 10.0.0.1:502")
        let gas = Int32(plant.tags.index(of: "gas_total")!), steam = Int32(plant.tags.index(of: "steam_total")!)
        var events: [AlarmEvent] = []
        for minute in 1...6 {
            // Steam reads well; gas only ever bad (NaN).
            let tags = [steam, gas], values = [Double(minute), Double.nan]
            ReadingRow.with(time: Double(minute) * 60, tags: tags, values: values) { events += m.ingest($0) }
        }
        let stale = events.filter { $0.alarm.hasSuffix("-stale") && $0.event == .activate }
        #expect(stale.map(\.alarm) == ["gas-meter-stale"])
        #expect(stale.first?.time == 360)
        #expect(stale.first?.message.contains("nothing since start from the Modbus device 10.0.0.1:502") == true)
    }

    @Test func aResumedTagIsStaleFromItsLastReadingNotFromTheStart() throws {
        var m = try PlantMonitor(plant: plant)
        m.watchSilence(since: 10_000, source: "the followed log x.csv")
        m.resumeLastReading(tag: plant.tags.index(of: "gas_total")!, time: 9_900)
        let events = m.tick(to: 10_201)
        #expect(events.map(\.alarm) == ["gas-meter-stale"])
        #expect(events[0].value == 301)
        #expect(!events[0].message.contains("since start"))
    }

    // MARK: late rows

    @Test func aLateRowLandsInItsBucketOrOutsideTheWindow() throws {
        let slots = try KPISlots(registry: KPIEngineTests.registry, kpis: KPIEngineTests.kpis)
        var w = RollingWindow(slots: slots, length: 900, bucketCount: 15)
        func add(_ t: Double, _ delta: Double) {
            [Increment(0, delta, since: t - 30)].withUnsafeBufferPointer { w.add(time: t, $0) }
        }
        add(10_000, 1)
        w.advance(to: 10_500)                   // the clock ran on through a silence
        add(10_200, 2)                          // late, still inside the window
        #expect(w.sums[0] == 3 && w.exactSums[0] == 3)
        add(9_000, 100)                         // older than the window: outside it, nothing else lost
        #expect(w.sums[0] == 3 && w.exactSums[0] == 3)
        w.advance(to: 11_000)                   // the first expires; the late one stays until its own bucket does
        #expect(w.sums[0] == 2 && w.exactSums[0] == 2)
        w.advance(to: 11_200)
        #expect(w.sums[0] == 0)
    }

    // MARK: resuming a followed log

    @Test func aRestartResumesAfterTheLastRowAndNoticesAChangedFile() throws {
        let path = tempFile("timestamp,steam_total,gas_total\n" + row(0, 1, 90) + row(1, 2, 181))
        let first = FollowSource(path: path, plant: plant, now: 0)
        #expect(drain(first) == [Self.jan7, Self.jan7 + 60])
        try append(path, "2019-01-07T00:02:00+08:00,3,")                // half-written when the run stops
        _ = drain(first)
        let saved = try #require(first.position(clockOffset: -1e8))
        #expect(saved.line == 3)
        // Saved and read back through the state file.
        let state = FollowStateFile(journalPath: tempFile("", name: "alarms.jsonl"))
        #expect(state.save(saved, of: path) == nil)
        #expect(try state.position(of: path) == saved)
        try append(path, "272\n" + row(3, 4, 363))
        let second = FollowSource(path: path, plant: plant, now: 0, resume: try state.position(of: path))
        #expect(second.takeNotices() == ["resumed \(path) at line 4"])
        #expect(drain(second) == [Self.jan7 + 120, Self.jan7 + 180])   // the finished row, then the new one; none twice
        // The out-of-order check goes on across the restart.
        try append(path, row(1, 5, 400))
        #expect(drain(second).isEmpty && second.tally.byReason[.outOfOrder] == 2)

        // Truncated and rewritten between runs: read from its start, and said so.
        let p2 = try #require(second.position(clockOffset: nil))
        try ("timestamp,steam_total,gas_total\n" + row(10, 9, 900)).write(toFile: path, atomically: false, encoding: .utf8)
        let third = FollowSource(path: path, plant: plant, now: 0, resume: p2)
        #expect(third.takeNotices().first?.contains("truncated or rewritten since the last run") == true)
        #expect(drain(third) == [Self.jan7 + 600])
        // Rotated (another file at the path): the new file from its start.
        let p3 = try #require(third.position(clockOffset: nil))
        try FileManager.default.removeItem(atPath: path)
        try ("timestamp,steam_total,gas_total\n" + row(11, 10, 990) + row(12, 11, 1080) + row(13, 12, 1170)).write(toFile: path, atomically: false, encoding: .utf8)
        let fourth = FollowSource(path: path, plant: plant, now: 0, resume: p3)
        #expect(fourth.takeNotices().first?.contains("was replaced since the last run") == true)
        #expect(drain(fourth).count == 3)
    }

    @Test func aStateFileThatDoesNotDecodeIsAnErrorNamingIt() throws {
        let journal = tempFile("", name: "alarms.jsonl")
        FileManager.default.createFile(atPath: journal + ".follow.json", contents: Data("{not json".utf8))
        #expect {
            try FollowStateFile(journalPath: journal).position(of: "/x.csv")
        } throws: { ($0 as? LogError)?.description.hasPrefix(journal + ".follow.json: not a follow-state file") == true }
    }

    // MARK: recordings

    func record(_ r: Recorder, minutes: ClosedRange<Int>) {
        let steam = Int32(plant.tags.index(of: "steam_total")!), gas = Int32(plant.tags.index(of: "gas_total")!)
        for m in minutes {
            let tags = [steam, gas], values = [Double(m), Double(m) * 90]
            ReadingRow.with(time: Self.jan7 + Double(m) * 60, tags: tags, values: values) { r.record($0) }
        }
        r.flush(now: .infinity)
    }

    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func aRecordingAppendsToItselfAfterRepairingATornRow() throws {
        let path = tempFile("", name: "rec.csv")
        try FileManager.default.removeItem(atPath: path)
        do { record(try Recorder(path: path, plant: plant), minutes: 0...4) }
        let before = try lines(path)
        #expect(before.count == 7)                                        // header, 5 rows, final newline
        try append(path, "2019-01-07T00:05:00+08:00,5,4")                 // a kill mid-row
        let r = try Recorder(path: path, plant: plant)
        #expect(r.takeNotices().contains { $0.contains("removed a half-written last row (29 bytes)") })
        record(r, minutes: 3...7)                                         // 3 and 4 are already there
        #expect(r.takeNotices().contains { $0.hasSuffix("already reaches 2019-01-07T00:04:00+08:00: 2 rows at or before that not written (again)") })
        let after = try lines(path)
        #expect(Array(after.prefix(6)) == Array(before.prefix(6)))        // nothing lost
        #expect(after.count == 10)
        let (report, reader) = try readReport([path], plant: "humanwell")
        #expect(reader.tally.total == 0)
        #expect(report.lastTime - report.firstTime == 7 * 60)
    }

    @Test func aRecordingRefusesAForeignFileUnlessToldToStartANewOne() throws {
        let foreign = "timestamp,tag,value\n2019-01-07T00:00:00+08:00,x,1\n"
        let path = tempFile(foreign, name: "notes.csv")
        #expect {
            _ = try Recorder(path: path, plant: plant)
        } throws: { ($0 as? LogError)?.description.hasPrefix("\(path):1: holds another log (header 'timestamp,tag,value')") == true }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == foreign)   // untouched
        let r = try Recorder(path: path, plant: plant, startNew: true)
        let moved = try #require(r.takeNotices().first)
        let aside = String(moved.split(separator: " ")[5].dropLast())
        #expect(aside.hasPrefix(path.dropLast(4) + "-old-") && aside.hasSuffix("Z.csv"))
        #expect(try String(contentsOfFile: aside, encoding: .utf8) == foreign)
        #expect(try lines(path) == [CSVLogWriter.header(plant.tags, format: .wide), ""])
    }

    @Test func dailyAndSizeRotationKeepFilesReplayableAloneAndTogether() throws {
        let path = tempFile("", name: "rec.csv")
        try FileManager.default.removeItem(atPath: path)
        let dir = (path as NSString).deletingLastPathComponent
        // Daily: from 23:58 to 00:02 local time.
        do { record(try Recorder(path: path, plant: plant, rotation: .daily), minutes: (24 * 60 - 2)...(24 * 60 + 2)) }
        let day1 = dir + "/rec-2019-01-07.csv"
        #expect(try lines(day1).count == 1 + 2 + 1)
        #expect(try lines(path).count == 1 + 3 + 1)
        let (alone, _) = try readReport([day1], plant: "humanwell")
        #expect(alone.lastTime == Self.jan7 + Double(24 * 60 - 1) * 60)
        let (together, reader) = try readReport([day1, path], plant: "humanwell")
        #expect(reader.tally.total == 0 && together.lastTime - together.firstTime == 4 * 60)
        // Size: a new file once 4 KiB is reached (checked at each flush).
        let sized = dir + "/big.csv"
        let r = try Recorder(path: sized, plant: plant, rotation: .size(4096))
        for chunk in 0..<10 { record(r, minutes: (chunk * 10)...(chunk * 10 + 9)) }
        #expect(!r.rotatedFiles.isEmpty && r.rotatedFiles[0] == dir + "/big-2019-01-07T000000.csv")
        let all = r.rotatedFiles + [sized]
        let (each, reader2) = try readReport(all, plant: "humanwell")
        #expect(reader2.tally.total == 0 && each.lastTime - each.firstTime == 99 * 60)
        #expect(Recorder.Rotation.parse("10M") == .size(10 << 20) && Recorder.Rotation.parse("daily") == .daily)
        #expect(Recorder.Rotation.parse("12") == nil && Recorder.Rotation.parse("weekly") == nil)
    }

    // MARK: the journal

    func event(_ t: Double) -> AlarmEvent {
        AlarmEvent(time: t, iso: ISO8601.format(t, offset: 0), plant: "humanwell", alarm: "gas-meter-stale", target: "gas_total",
                   event: .activate, priority: .high, state: .unacknowledged, value: 301, message: "gas meter silent for 5 min")
    }

    @Test func aTornJournalLineIsRepairedBeforeTheNextAppend() throws {
        let path = tempFile("", name: "alarms.jsonl")
        try AlarmJournal(path: path).append(event(1))
        try append(path, "{\"alarm\":\"gas-me")                          // kill -9 mid-write
        let j = try AlarmJournal(path: path)
        #expect(j.repair == "\(path): removed a half-written last line (16 bytes: {\"alarm\":\"gas-me)")
        j.append(event(2))
        let r = try AlarmJournal.read(path: path)
        #expect(r.problems.isEmpty && r.events.map(\.time) == [1, 2])
        // A whole event that only lacks its newline is kept, and ended.
        let data = try JSONEncoder().encode(event(3))
        try append(path, String(decoding: data, as: UTF8.self))
        let k = try AlarmJournal(path: path)
        #expect(k.repair == nil)
        k.append(event(4))
        #expect(try AlarmJournal.read(path: path).events.map(\.time) == [1, 2, 3, 4])
    }

    @Test func aJournalWriteErrorIsKept() throws {
        let j = try AlarmJournal(path: "/dev/full")
        #expect(!j.append(event(1)))
        #expect(j.takeFailure() == "cannot write to the alarm journal /dev/full: No space left on device")
        #expect(j.takeFailure() == nil)
    }
}
