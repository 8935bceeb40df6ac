import Foundation
import Testing
@testable import PlantModel
@testable import plantwatch

/// Compares `text` with Snapshots/NAME.txt. Missing is a failure (a snapshot recorded by the
/// test that checks it would pass whatever was drawn); PLANTWATCH_RECORD=1 writes it.
func compareSnapshot(_ name: String, _ text: String) throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = dir.appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["PLANTWATCH_RECORD"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    guard FileManager.default.fileExists(atPath: url.path) else {
        Issue.record("snapshot \(name) is missing: run with PLANTWATCH_RECORD=1 and review it. The frame:\n\(text)")
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "snapshot \(name) differs:\n\(text)")
}

func sampleState(width: Int, height: Int, screen: DashboardState.Screen = .overview, plant: Int = 1) throws -> DashboardState {
    try DashboardState.demo(width: width, height: height, screen: screen, plant: plant)
}

@Suite struct DashboardFrameTests {
    /// Frames are compared with files in Snapshots/. A missing snapshot is a failure, never
    /// recorded on the fly; PLANTWATCH_RECORD=1 writes them (then read the diff before committing).
    func snapshot(_ name: String, _ frame: Frame) throws {
        try compareSnapshot(name, frame.text + "\n")
    }

    /// The looks of a key frame: colour and attributes of every cell (see Frame.styleText).
    func styleSnapshot(_ name: String, _ frame: Frame) throws {
        try compareSnapshot(name + ".style", frame.styleText + "\n")
    }
    @Test(arguments: [(60, 20), (100, 30), (160, 48)])
    func overviewAtSeveralSizes(_ w: Int, _ h: Int) throws {
        let f = DashboardRenderer.render(try sampleState(width: w, height: h))
        #expect(f.width == w && f.height == h)
        #expect(f.lines[0].contains("plantwatch · overview"))
        for title in ["1 CATL-SC", "2 Humanwell", "3 MOMA"] { #expect(f.text.contains(title)) }
        #expect(f.lines[h - 1].contains("humanwell"))
        #expect(f.text.contains("Alarms · all plants (2"))
        #expect(f.text.contains("MEDIUM   UNACK   humanwell gas_total"))
        try snapshot("overview-\(w)x\(h)", f)
        if w == 100 { try styleSnapshot("overview-\(w)x\(h)", f) }
    }

    @Test(arguments: [(60, 20), (100, 30), (200, 60)])
    func detailAtSeveralSizes(_ w: Int, _ h: Int) throws {
        let f = DashboardRenderer.render(try sampleState(width: w, height: h, screen: .detail, plant: 2))
        #expect(f.lines[0].contains("MOMA chiller plant"))
        #expect(f.text.contains("Meters") && f.text.contains("Equipment") && f.text.contains("Trend"))
        try snapshot("detail-moma-\(w)x\(h)", f)
        if w == 100 { try styleSnapshot("detail-moma-\(w)x\(h)", f) }
    }

    @Test func asciiModeDrawsNoUnicode() throws {
        var s = try sampleState(width: 100, height: 30, screen: .detail)
        s.ascii = true
        let f = DashboardRenderer.render(s)
        let chrome = f.text.unicodeScalars.filter { (0x2500...0x259F).contains($0.value) }
        #expect(chrome.isEmpty)
        try snapshot("detail-humanwell-ascii-100x30", f)
    }

    @Test func tooSmallSaysSo() throws {
        let f = DashboardRenderer.render(try sampleState(width: 59, height: 20))
        #expect(f.text.contains("terminal too small: 59×20"))
        #expect(DashboardRenderer.render(try sampleState(width: 60, height: 19)).text.contains("too small"))
    }

    @Test func helpOverlayListsEveryKey() throws {
        var s = try sampleState(width: 100, height: 30)
        _ = s.apply(.toggleHelp, operatorName: "t")
        let text = DashboardRenderer.render(s).text
        for k in ["Tab", "Enter", "space", "[ ]", "+ -", "Ctrl-C", "shelve", "acknowledge all"] { #expect(text.contains(k), "\(k)") }
        // ↑ ↓ scroll a help that does not fit; any other key closes it.
        _ = s.apply(.down, operatorName: "t")
        let stillOpen = s.showHelp
        #expect(stillOpen)
        _ = s.apply(.cycleWindow, operatorName: "t")
        let help = s.showHelp
        #expect(!help)
    }

    @Test func untrustedTextNeverReachesACellRaw() throws {
        var s = try sampleState(width: 160, height: 30)
        s.sourceLabels[1] = "evil\u{1B}[2J\u{07}name"
        let f = DashboardRenderer.render(s)
        #expect(!f.cells.contains { c in c.char.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        #expect(f.text.contains("evil\\u{1b}[2J\\u{7}name"))
    }
}

@Suite struct DashboardActionTests {
    @Test func acknowledgeAndShelveTheSelectedAlarm() throws {
        var s = try sampleState(width: 100, height: 30)
        let rows = s.alarmRows
        let index = try #require(rows.firstIndex { $0.alarm.state == .unacknowledged })
        s.selectedAlarm = index
        let first = rows[index]
        let events = s.apply(.acknowledge, operatorName: "operator-1")
        #expect(events.count == 1 && events[0].event == .acknowledge && events[0].operatorName == "operator-1")
        #expect(s.monitors[first.plant].alarms.alarms[first.index].state == .acknowledged)
        // Shelve: s, then a duration key.
        _ = s.apply(.shelve, operatorName: "operator-1")
        let prompting = s.shelvePrompt
        #expect(prompting)
        #expect(DashboardRenderer.render(s).lines[29].contains("shelve the selected alarm"))
        let shelved = s.apply(.selectPlant(1), operatorName: "operator-1")
        #expect(shelved.first?.event == .shelve)
        #expect(shelved.first?.shelvedUntil == s.simTime + 3600)
        let stillPrompting = s.shelvePrompt, screen = s.screen
        #expect(!stillPrompting && screen == .overview)
    }

    @Test func acknowledgeAllAndNavigation() throws {
        var s = try sampleState(width: 100, height: 30)
        let before = s.alarmRows.filter { $0.alarm.state == .unacknowledged || $0.alarm.state == .returnedUnacknowledged }.count
        let events = s.apply(.acknowledgeAll, operatorName: "o")
        #expect(events.count == before && before > 0)
        #expect(s.alarmRows.allSatisfy { $0.alarm.acknowledged })
        _ = s.apply(.selectPlant(2), operatorName: "o")
        let (screen, selected) = (s.screen, s.selectedPlant)
        #expect(screen == .detail && selected == 2)
        _ = s.apply(.nextPlant, operatorName: "o")
        let next = s.selectedPlant
        #expect(next == 0)
        _ = s.apply(.cycleWindow, operatorName: "o")
        let window = s.window
        #expect(window == 2)
        #expect(DashboardRenderer.render(s).text.contains("KPIs · 24 h"))
        _ = s.apply(.right, operatorName: "o")
        let kpi = s.selectedKPI
        #expect(kpi == 1)
        _ = s.apply(.overview, operatorName: "o")
        let back = s.screen
        #expect(back == .overview)
        _ = s.apply(.togglePause, operatorName: "o")
        let paused = s.paused
        #expect(paused)
        _ = s.apply(.faster, operatorName: "o"); _ = s.apply(.faster, operatorName: "o")
        let speed = DashboardState.speedNames[s.speedIndex]
        #expect(speed == "60×")
        _ = s.apply(.quit, operatorName: "o")
        let quit = s.quit
        #expect(quit)
    }

    @Test func keysMapToActions() {
        #expect(Action.from(key: Int32(UInt8(ascii: "1"))) == .selectPlant(0))
        #expect(Action.from(key: 9) == .nextPlant)
        #expect(Action.from(key: Int32(UInt8(ascii: "A"))) == .acknowledgeAll)
        #expect(Action.from(key: Int32(UInt8(ascii: " "))) == .togglePause)
        #expect(Action.from(key: Int32(UInt8(ascii: "q"))) == .quit)
        #expect(Action.from(key: Int32(UInt8(ascii: "z"))) == nil)
    }
}

@Suite struct AnalysisViewTests {
    @Test func beforeAfterShowsBothScenariosAndTheSaving() throws {
        var s = try sampleState(width: 120, height: 36, screen: .detail, plant: 2)
        let end = s.simTime
        let p = MOMAPlant.definition
        var source = SimulationSource(simulation: try Simulation(plant: p, config: ScenarioConfig(scenario: "legacy-2018", measures: []), seed: 1,
                                                                 start: end - 86_400, step: 60, duration: 86_400 + 1))
        var m = try PlantMonitor(plant: p, rules: [])
        _ = source.advance(to: end, limit: .max) { m.ingest($0) }
        s.before = [nil, nil, m]
        s.beforeLabels = ["", "", source.label]
        _ = s.apply(.beforeAfterView, operatorName: "o")
        let text = DashboardRenderer.render(s).text
        #expect(text.contains("before · simulated legacy-2018") && text.contains("after · simulated retrofit-2019"))
        #expect(text.contains("kWh saved"))
        _ = s.apply(.selectPlant(0), operatorName: "o")
        _ = s.apply(.beforeAfterView, operatorName: "o")
        #expect(s.message?.contains("first scenario") == true)
    }

    @Test func driftViewExplainsTheBaselineBeforeItHasOne() throws {
        var s = try sampleState(width: 100, height: 30, screen: .detail, plant: 1)
        _ = s.apply(.driftView, operatorName: "o")
        let text = DashboardRenderer.render(s).text
        #expect(text.contains("drift against baseline"))
        #expect(text.contains("drift.flue-gas"))
        #expect(text.contains("the first 30 complete days are the baseline"))
    }
}

/// The handover view (`H`) on the Humanwell log with faults, replayed into a monitor with an
/// operator acting during the morning shift of 2019-01-12 (gas-per-tonne-high trips at 15:37).
@Suite struct HandoverViewTests {
    func state(width: Int, height: Int) throws -> DashboardState {
        let p = PlantCatalog.plant("humanwell")!
        let reader = try LogReader(paths: ["Samples/humanwell-recovery-2021-faults.csv"], candidates: [p])
        let timing = reader.learnTiming()
        var source = try ReplaySource(reader: reader)
        var m = try PlantMonitor(plant: p, timing: timing)
        func local(_ iso: String) -> Double { ISO8601.parse(iso, defaultOffset: 8 * 3600)! }
        _ = source.advance(to: local("2019-01-12T15:50"), limit: .max) { m.ingest($0) }
        #expect(m.acknowledge("gas-per-tonne-high", now: local("2019-01-12T15:50"), by: "Li Wei") != nil)
        #expect(m.shelve("recovery-pump-stopped", for: 28_800, now: local("2019-01-12T15:55"), by: "Wang Fang") != nil)
        // On into the afternoon: the morning is the last complete shift.
        _ = source.advance(to: local("2019-01-12T17:00"), limit: .max) { m.ingest($0) }
        var s = DashboardState(monitors: [m], sourceLabels: ["faults"], mode: .replay, simTime: local("2019-01-12T17:00"))
        s.width = width
        s.height = height
        s.screen = .detail
        s.rejects = [source.tally]
        _ = s.apply(.handoverView, operatorName: "t")
        return s
    }

    @Test func theLastShiftWithWhoActed() throws {
        let s = try state(width: 100, height: 40)
        #expect(s.screen == .handover)
        let f = DashboardRenderer.render(s)
        let text = f.text
        let cal = PlantCatalog.plant("humanwell")!.shifts!
        let team = cal.teams[cal.slot(at: ISO8601.parse("2019-01-12T10:00:00+08:00", defaultOffset: 0)!).team!]
        #expect(text.contains("handover of 2019-01-12 morning (\(team)) · 08:00–16:00"))
        #expect(text.contains("vs the same shift on 5 of the 7 days before"))
        // The same numbers as `plantwatch handover` for that shift: the screen draws its sections.
        let h = try s.monitor.handover()
        let gas = try #require(h.kpis.first { $0.kpi.id == "gas_per_tonne_steam" })
        let gasLine = try #require(f.lines.first { $0.contains("gas/steam [m³/t]") })
        #expect(gasLine.contains(NumberFormat.string(gas.value!, decimals: 2)) && gasLine.contains(gas.status.rawValue))
        #expect(gasLine.contains(NumberFormat.string(gas.lastWeek!, decimals: 2)))
        // Raised in the shift, acknowledged by Li Wei, the recovery pump alarm shelved by Wang Fang.
        #expect(text.contains("Alarm events during the shift: ") && text.contains("1 acknowledged, 1 shelved"))
        let open = text.components(separatedBy: "Alarms still open at the end of the shift")[1]
        #expect(open.contains("gas-per-tonne-high") && open.contains("acknowledged by Li Wei"))
        #expect(open.contains("shelved by Wang Fang until 2019-01-12 23:55"))
        #expect(text.contains("Rejected data: none"))
    }

    @Test(arguments: [(60, 20), (100, 30)])
    func fitsAndScrolls(_ w: Int, _ h: Int) throws {
        var s = try state(width: w, height: h)
        let f = DashboardRenderer.render(s)
        #expect(f.width == w && f.height == h)
        #expect(f.lines[1].contains("Handover · humanwell · last complete shift"))
        // Every KPI row keeps its label, value and status, even 60 columns wide.
        #expect(f.text.contains("gas/steam [m³/t]") && (f.text.contains("beyond limit") || f.text.contains("off target")))
        let most = DashboardRenderer.handoverMaxScroll(s)
        #expect(most > 0)
        for _ in 0..<(most + 5) { _ = s.apply(.down, operatorName: "t") }
        #expect(s.handoverScroll == most)
        let end = DashboardRenderer.render(s).text
        #expect(end.contains("Rejected data"))
        try compareSnapshot("handover-humanwell-\(w)x\(h)", DashboardRenderer.render(try state(width: w, height: h)).text + "\n")
        _ = s.apply(.handoverView, operatorName: "t")
        #expect(s.screen == .detail)
    }

    @Test func aPlantWithoutShiftsSaysSo() throws {
        var s = try sampleState(width: 100, height: 30, screen: .detail, plant: 1)
        s.monitors[1] = try PlantMonitor(plant: SiteLoader.load(text: "site: {id: noshift, utc_offset: \"+08:00\"}\ntags:\n  - {id: m, unit: kWh, kind: totaliser}\n", file: "n.yaml"))
        _ = s.apply(.handoverView, operatorName: "t")
        #expect(s.screen == .detail && s.message?.contains("no shift calendar") == true)
    }
}
