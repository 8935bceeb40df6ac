import Foundation
import PlantModel
import Testing
@testable import plantwatch

/// `handover` on the Humanwell log with faults (2019-01-07 to 01-13; the steam meter goes silent at
/// 09:05 on the 12th, gas per tonne trips its high alarm at 15:01, once its 24-hour window is covered again).
@Suite struct HandoverTests {
    let sample = "Samples/humanwell-recovery-2021-faults.csv"

    /// A journal in which operators acknowledge and shelve the log's alarms.
    func journal() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("handover-\(UUID().uuidString).jsonl").path
        func line(_ iso: String, _ alarm: String, _ event: String, _ who: String, until: String? = nil) -> String {
            let t = ISO8601.parse(iso, defaultOffset: 8 * 3600)!
            let u = until.map { ", \"shelved_until\": \(ISO8601.parse($0, defaultOffset: 8 * 3600)!)" } ?? ""
            return "{\"time\": \(t), \"iso\": \"\(iso)\", \"plant\": \"humanwell\", \"alarm\": \"\(alarm)\", \"target\": \"x\", \"event\": \"\(event)\", "
                + "\"priority\": \"high\", \"state\": \"ack\", \"message\": \"\", \"operator\": \"\(who)\"\(u)}"
        }
        let text = [line("2019-01-12T09:20:00+08:00", "steam-meter-stale", "acknowledge", "Li Wei"),
                    line("2019-01-12T15:50:00+08:00", "gas-per-tonne-high", "acknowledge", "Li Wei"),
                    line("2019-01-12T15:55:00+08:00", "recovery-pump-stopped", "shelve", "Wang Fang", until: "2019-01-13T08:00:00+08:00")]
            .joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ args: [String]) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("handover-\(UUID().uuidString)").path
        var cmd = try Plantwatch.parseAsRoot(["handover", sample, "-o", out] + args)
        try cmd.run()
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    @Test func aShiftWithAlarmsAsTextAndHTML() throws {
        let j = try journal()
        // The morning of 2019-01-12 (08:00–16:00): the steam meter goes silent at 09:05 and comes
        // back (acknowledged by Li Wei at 09:20); gas-per-tonne-high trips at 15:01, acknowledged at
        // 15:50; the recovery pump alarm (active since the trip on the 11th) is shelved at 15:55 until the next morning.
        let text = try run(["--shift", "2019-01-12T10:00", "--journal", j])
        let cal = PlantCatalog.plant("humanwell")!.shifts!
        let slot = cal.slot(at: ISO8601.parse("2019-01-12T10:00:00+08:00", defaultOffset: 0)!)
        #expect(text.contains("handover of 2019-01-12 morning (\(cal.teams[slot.team!]))"))
        #expect(text.contains("same shift on 5 of the 7 days before"))
        // Raised during the shift, with the operators' actions listed by name.
        let events = text.components(separatedBy: "Alarms still open")[0]
        for what in ["steam-meter-stale", "gas-per-tonne-high", "activate", "clear", "acknowledge", "shelve", "Li Wei", "Wang Fang"] {
            #expect(events.contains(what), "\(what)")
        }
        // Still open at 16:00: acknowledged by Li Wei; the pump alarm shelved by Wang Fang.
        let open = text.components(separatedBy: "Alarms still open")[1].components(separatedBy: "Meter events")[0]
        #expect(open.contains("gas-per-tonne-high") && open.contains("acknowledged by Li Wei"))
        #expect(open.contains("recovery-pump-stopped") && open.contains("shelved by Wang Fang until 2019-01-13 08:00"))
        #expect(!open.contains("steam-meter-stale"))   // it returned when the meter came back
        // The gas-per-tonne KPI of the shift against its target (87.91) and limit (91.03).
        let gasLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("gas/steam") })
        let shiftValue = try #require(Double(gasLine.split(separator: " ", omittingEmptySubsequences: true)[2]))
        #expect(gasLine.contains(shiftValue > 91.03 ? "beyond limit" : shiftValue > 87.91 ? "off target" : "ok"))

        let html = try run(["--shift", "2019-01-12T10:00", "--journal", j, "--format", "html"])
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("<td>acknowledged by Li Wei</td>") && !html.contains("<script") && !html.contains("http"))
        let md = try run(["--shift", "2019-01-12T10:00", "--journal", j, "--format", "markdown"])
        #expect(md.contains("## Alarms still open at the end of the shift") && md.contains("| gas-per-tonne-high | high |"))
    }

    @Test func withoutAJournalNobodyHasActed() throws {
        let text = try run(["--shift", "2019-01-12T10:00"])
        let open = text.components(separatedBy: "Alarms still open")[1].components(separatedBy: "Meter events")[0]
        #expect(open.contains("gas-per-tonne-high") && open.contains("unacknowledged") && !open.contains("shelved by"))
    }

    @Test func lastIsTheLastCompleteShift() throws {
        // The log ends at 2019-01-13 23:59: the afternoon shift (16:00–24:00) is not over, so
        // `last` hands over the morning.
        let text = try run([])
        #expect(text.contains("handover of 2019-01-13 morning"))
    }
}
