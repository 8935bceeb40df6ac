import Foundation
import Testing
@testable import PlantModel
@testable import plantwatch

/// The diff that decides what reaches the terminal, checked on the in-memory backend.
@Suite struct TerminalBackendTests {
    func frame(_ w: Int, _ h: Int, _ text: [(Int, Int, String)], style: Cell = Cell()) -> Frame {
        var f = Frame(width: w, height: h)
        for (x, y, t) in text { f.put(t, x: x, y: y, style: style) }
        return f
    }

    @Test func anUnchangedFrameWritesNothingAndAChangeWritesOnlyItsRun() {
        let b = TestBackend(width: 20, height: 4)
        let first = frame(20, 4, [(0, 0, "hello"), (2, 2, "world")])
        b.draw(first)
        #expect(b.written[0].count >= 2)
        b.draw(first)
        #expect(b.written[1].isEmpty)
        let second = frame(20, 4, [(0, 0, "hello"), (2, 2, "wOrld")])
        b.draw(second)
        #expect(b.written[2] == [FrameRun(x: 3, y: 2, text: "O", style: Cell())])
        #expect(b.screen.text == second.text)
    }

    @Test func runsSplitWhereTheStyleChangesAndWideCharactersTakeTwoCells() {
        var f = frame(12, 2, [(0, 0, "ab")])
        f.put("日本", x: 2, y: 0, style: Cell(fg: .red, bold: true))
        let runs = FrameDiff.runs(from: Frame(width: 12, height: 2), to: f)
        #expect(runs.map(\.text) == ["ab", "日本"])
        #expect(runs[1].x == 2 && runs[1].style.fg == .red)
        let b = TestBackend(width: 12, height: 2)
        b.draw(f)
        #expect(b.screen.lines[0] == "ab日本")
        #expect(b.screen == f)
    }

    @Test func theBottomRightCellIsNeverWritten() {
        let f = frame(5, 2, [(0, 1, "abcde")])
        let runs = FrameDiff.runs(from: nil, to: f)
        #expect(runs.allSatisfy { $0.y < 1 || $0.x + TextWidth.of($0.text) <= 4 })
    }

    @Test func aResizedFrameIsDrawnInFull() {
        let b = TestBackend(width: 10, height: 3)
        b.draw(frame(10, 3, [(0, 0, "x")]))
        let bigger = frame(12, 4, [(0, 0, "x"), (0, 3, "y")])
        b.draw(bigger)
        #expect(b.screen.lines == bigger.lines)
        #expect(b.written[1].count == 4)
    }

    /// The whole loop on the test backend: keys in, frames out, quit.
    @Test func theRunLoopDrawsWhatTheKeysAskFor() throws {
        let state = try sampleState(width: 100, height: 30)
        let app = DashboardApp(state: state, sources: [], journal: nil, refresh: 60, operatorName: "t", rebuild: { ([], []) })
        let b = TestBackend(width: 100, height: 30)
        b.input = [.key(Int32(UInt8(ascii: "3"))), .mouse(MouseEvent(kind: .press(0), x: 5, y: 0))]
        b.resize(width: 80, height: 24)
        b.input.append(.key(Int32(UInt8(ascii: "q"))))
        app.run(terminal: b)
        #expect(b.screen.lines[0].contains("MOMA chiller plant · Beijing"))
        #expect(b.screen.width == 80 && app.state.width == 80 && app.state.height == 24)
        // The first frame in full, then only what changed: a click on the title changes nothing,
        // the resize redraws everything, q ends it.
        #expect(b.written.count == 5)
        #expect(!b.written[1].isEmpty)
        #expect(b.written[2].isEmpty)
        #expect(b.screen.lines == DashboardRenderer.render(app.state).lines)
    }
}

@Suite struct MouseTests {
    func codes(_ s: String) -> [Int32] { s.unicodeScalars.map { Int32($0.value) } }

    @Test func decodesX10AndSGR() {
        // X10: button byte 32 + b, coordinates 33 + x (0-based).
        #expect(MouseDecoder.decode(codes("[M !&"))?.event == MouseEvent(kind: .press(0), x: 0, y: 5))
        #expect(MouseDecoder.decode(codes("[M#!&"))?.event.kind == .release)
        #expect(MouseDecoder.decode(codes("[M`+,"))?.event == MouseEvent(kind: .wheelUp, x: 10, y: 11))
        #expect(MouseDecoder.decode(codes("[<0;80;5M"))?.event == MouseEvent(kind: .press(0), x: 79, y: 4))
        #expect(MouseDecoder.decode(codes("[<0;80;5m"))?.event.kind == .release)
        #expect(MouseDecoder.decode(codes("[<65;3;4M"))?.event == MouseEvent(kind: .wheelDown, x: 2, y: 3))
        #expect(MouseDecoder.decode(codes("[<2;3;4Mxyz"))?.consumed == 8)
    }

    @Test func rejectsWhatIsNotAMouseReport() {
        for s in ["[A", "[<0;80", "[<0;0;5M", "[<a;1;1M", "[M !", "O", "[<0;1;1;1M"] {
            #expect(MouseDecoder.decode(codes(s)) == nil, "\(s)")
        }
    }

    @Test func aClickOpensThePlantUnderThePointer() throws {
        for (x, plant) in [(5, 0), (50, 1), (80, 2)] {
            var s = try sampleState(width: 100, height: 30)
            _ = s.apply(.click(x: x, y: 4), operatorName: "t")
            let (screen, selected) = (s.screen, s.selectedPlant)
            #expect(screen == .detail && selected == plant, "x \(x)")
        }
        // Stacked at 70 columns: the third block is the third row of blocks.
        var s = try sampleState(width: 70, height: 24)
        let layout = DashboardLayout(s)
        _ = s.apply(.click(x: 10, y: layout.blocks[2].y + 1), operatorName: "t")
        let selected = s.selectedPlant
        #expect(selected == 2)
    }

    @Test func aClickSelectsAnAlarmAndAKPI() throws {
        var s = try sampleState(width: 100, height: 30)
        let list = try #require(DashboardLayout(s).alarmList)
        _ = s.apply(.click(x: 20, y: list.y + 1), operatorName: "t")
        let alarm = s.selectedAlarm
        #expect(alarm == 1)
        _ = s.apply(.selectPlant(2), operatorName: "t")
        let kpis = try #require(DashboardLayout(s).kpiList)
        _ = s.apply(.click(x: kpis.x + 3, y: kpis.y + 2), operatorName: "t")
        let kpi = s.selectedKPI
        #expect(kpi == 2)
        #expect(DashboardRenderer.render(s).text.contains("Trend · \(s.monitor.slots.kpis[2].name)"))
    }
}

@Suite struct TextFitsTests {
    /// Every key and every word of its description is on screen, at some scroll position,
    /// in the order written: the help is complete at each size.
    @Test(arguments: [(60, 20), (100, 30), (200, 60)])
    func helpIsCompleteAtEverySize(_ w: Int, _ h: Int) throws {
        var s = try sampleState(width: w, height: h)
        _ = s.apply(.toggleHelp, operatorName: "t")
        // The help's lines, in order: the first screenful, then the line each step scrolls in.
        var lines: [String] = []
        let box = HelpOverlay.box(width: w, height: h)
        for step in 0...HelpOverlay.maxScroll(width: w, height: h) {
            let f = DashboardRenderer.render(s)
            let shown = (box.y + 1..<box.maxY - 1).map { y in
                String((box.x + 1..<box.maxX - 1).compactMap { f[$0, y].continuation ? nil : f[$0, y].char })
            }
            lines += step == 0 ? shown : [shown.last ?? ""]
            _ = s.apply(.down, operatorName: "t")
            let open = s.showHelp
            #expect(open)
        }
        let seen = lines.joined(separator: "\n")
        let words = seen.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for (key, description) in HelpOverlay.keys {
            let expected = (key.split(separator: " ") + description.split(separator: " ")).joined(separator: " ")
            #expect(words.contains(expected), "\(w)×\(h): \(expected)")
        }
        #expect(!seen.contains("…"))
    }

    @Test func theStatusBarKeepsWhatMattersFirst() throws {
        var s = try sampleState(width: 60, height: 20)
        s.sourceLabels[1] = "a very long source label that cannot fit"
        s.historyProgress = 0.4
        let narrow = DashboardRenderer.render(s).lines[19]
        let c = s.alarmCounts()
        let counts = "C\(c[.critical] ?? 0) H\(c[.high] ?? 0) M\(c[.medium] ?? 0) L\(c[.low] ?? 0)"
        #expect(s.alarmRows.count >= 2)
        for part in ["humanwell", "2019-07-16 12:00:00", "running", counts] { #expect(narrow.contains(part), "\(part) in \(narrow)") }
        #expect(!narrow.contains("a very long"))
        s.width = 200
        let wide = DashboardRenderer.render(s).lines[19]
        for part in ["1×", "history 40 %", "a very long source label", "? help"] { #expect(wide.contains(part), "\(part) in \(wide)") }
        s.width = 60
        s.message = "acknowledged 2 alarms"
        #expect(DashboardRenderer.render(s).lines[19].contains("acknowledged 2 alarms"))
    }

    @Test func longLabelsAreNeverCutSilently() throws {
        let s = try sampleState(width: 100, height: 30, screen: .detail, plant: 1)
        let f = DashboardRenderer.render(s)
        let pane = try #require(DashboardLayout(s).kpiList)
        let rows = (pane.y..<pane.maxY).map { String(f.lines[$0].dropFirst(pane.x).prefix(pane.width)) }
        for k in s.monitor.slots.kpis.prefix(pane.height) {
            #expect(rows.contains { $0.hasPrefix(DashboardRenderer.label(k) + " ") }, "\(DashboardRenderer.label(k))")
        }
        #expect(!rows.joined().contains("…"))
        #expect(TextWidth.fit("recovery_effectiveness", 10) == "recovery_…")
        #expect(TextWidth.wrap("one two three", 7) == ["one two", "three"])
    }
}

@Suite struct OverviewTests {
    @Test func everyHeadlineKPIHasASparklineAndAnArrow() throws {
        let s = try sampleState(width: 100, height: 30)
        let f = DashboardRenderer.render(s)
        let layout = DashboardLayout(s)
        for b in layout.blocks {
            let rows = (b.y + 1..<b.maxY - 1).map { y in String(f.lines[y].dropFirst(b.x + 1).prefix(b.width - 2)) }
            #expect(rows.filter { $0.hasPrefix("  ") && $0.contains { "▁▂▃▄▅▆▇█".contains($0) } }.count == (b.height - 4) / 2)
            // An arrow, or · where the value or the hour-old one is unknown.
            // One KPI every two rows (gauge, sparkline) between the border, the equipment and the counts.
            #expect(rows.filter { !$0.hasPrefix("▸") && $0.contains { "↑↓→·".contains($0) } }.count == (b.height - 4) / 2)
            #expect(rows.contains { $0.contains("▸ ") })
        }
        #expect(f.text.contains("Boiler"))
    }

    @Test func sparklineAndArrowFollowTheData() {
        #expect(Sparkline.buckets([1, 3, nil, nil, 5, 7], width: 3).map { $0 ?? -1 } == [2, -1, 6])
        var f = Frame(width: 4, height: 1)
        Sparkline(points: [0, 1, 2, 3], glyphs: .unicode, color: .green).render(into: &f, f.area)
        #expect(f.lines[0] == "▁▃▆█")
        let up = TrendArrow(now: 11, hourAgo: 10, higherIsBetter: false, glyphs: .unicode)
        #expect(up.direction == .up && up.color == .yellow)
        #expect(TrendArrow(now: 10.05, hourAgo: 10, higherIsBetter: true, glyphs: .unicode).direction == .flat)
        #expect(TrendArrow(now: nil, hourAgo: 10, higherIsBetter: true, glyphs: .unicode).symbol == "·")
        let trend: [(time: Double, value: Double?)] = (0..<12).map { (Double($0) * 600, Double($0)) }
        #expect(TrendArrow.hourAgo(trend) == 5)
    }

    @Test func theAlarmPaneTakesTheRoomItNeeds() throws {
        let s = try sampleState(width: 100, height: 30)
        let layout = DashboardLayout(s)
        // N alarms need N rows (and the border): the blocks take the rest, for more KPIs.
        let n = s.alarmRows.count
        #expect(n >= 2 && n < 10)
        #expect(layout.alarmList?.height == n)
        #expect(layout.blocks[0].height == 30 - 2 - (n + 2))
        var flood = s
        flood.height = 60
        #expect(DashboardLayout(flood).blocks[0].height == flood.monitors.map(PlantBlock.usefulHeight).max())
    }
}

@Suite struct AlarmListTests {
    @Test func filtersByPriorityPlantAndText() throws {
        var s = try sampleState(width: 100, height: 30)
        let all = s.alarmRows.count
        let mediumOrWorse = s.alarmRows.filter { $0.alarm.rule.priority <= .medium }.count
        #expect(all >= 2 && mediumOrWorse >= 1 && mediumOrWorse < all)
        _ = s.apply(.filterPriority, operatorName: "t")   // ≥ medium
        #expect(s.alarmRows.allSatisfy { $0.alarm.rule.priority <= .medium })
        #expect(s.alarmRows.count == mediumOrWorse)
        #expect(DashboardRenderer.render(s).text.contains("filter ≥ medium"))
        _ = s.apply(.filterPriority, operatorName: "t")   // ≥ high
        #expect(s.alarmRows.allSatisfy { $0.alarm.rule.priority <= .high })
        _ = s.apply(.filterPriority, operatorName: "t")   // critical
        _ = s.apply(.filterPriority, operatorName: "t")   // all
        _ = s.apply(.filterPlant, operatorName: "t")      // catl
        #expect(s.alarmRows.isEmpty)
        #expect(DashboardRenderer.render(s).text.contains("no alarm matches the filter"))
        _ = s.apply(.filterPlant, operatorName: "t")      // humanwell
        #expect(s.alarmRows.count == all)
        _ = s.apply(.filterPlant, operatorName: "t"); _ = s.apply(.filterPlant, operatorName: "t")
        _ = s.apply(.search, operatorName: "t")
        for c in "GAS_T" { _ = s.apply(.type(c), operatorName: "t") }
        #expect(s.alarmRows.count == 1 && s.alarmRows[0].alarm.rule.target == "gas_total")
        #expect(DashboardRenderer.render(s).lines[29].contains("search alarms: GAS_T"))
        _ = s.apply(.enter, operatorName: "t")
        let screen = s.screen
        #expect(screen == .overview && s.alarmRows.count == 1)
        _ = s.apply(.search, operatorName: "t")
        _ = s.apply(.cancel, operatorName: "t")
        #expect(s.alarmRows.count == all)
    }

    @Test func theListScrollsAndKeepsTheSelectionInView() {
        #expect(AlarmList.firstRow(scroll: 0, selected: 0, count: 30, height: 10) == 0)
        #expect(AlarmList.firstRow(scroll: 0, selected: 15, count: 30, height: 10) == 6)
        #expect(AlarmList.firstRow(scroll: 12, selected: 15, count: 30, height: 10) == 12)
        #expect(AlarmList.firstRow(scroll: 25, selected: 29, count: 30, height: 10) == 20)
        #expect(AlarmList.firstRow(scroll: 5, selected: 2, count: 30, height: 10) == 2)
    }
}

@Suite struct FirstRunTests {
    @Test func anOutOfSeasonPlantRunsOnItsLastSeasonAtTheSameWeekdayAndTime() {
        let moma = MOMAPlant.definition
        let now = CivilTime(year: 2026, month: 11, day: 25, hour: 16, minute: 46).epoch(offset: moma.utcOffset)
        let offset = SeasonClock.offset(moma, now: now)
        #expect(offset.truncatingRemainder(dividingBy: 7 * 86_400) == 0)
        let there = CivilTime(epoch: now - offset, offset: moma.utcOffset)
        #expect(there.year == 2026 && (5...9).contains(there.month))
        #expect(there.hour == 16 && there.minute == 46)
        let spring = CivilTime(year: 2027, month: 2, day: 1).epoch(offset: moma.utcOffset)
        #expect(CivilTime(epoch: spring - SeasonClock.offset(moma, now: spring), offset: moma.utcOffset).year == 2026)
        let july = CivilTime(year: 2026, month: 7, day: 1).epoch(offset: moma.utcOffset)
        #expect(SeasonClock.offset(moma, now: july) == 0)
        #expect(SeasonClock.offset(HumanwellPlant.definition, now: now) == 0)
    }

    /// The dashboard opens on the short history and adopts the long one when the worker is done:
    /// drift then has complete days it did not have.
    @Test func theBackgroundHistoryIsAdopted() throws {
        let (now, quick, loader) = try humanwellHistory()
        var state = DashboardState(monitors: quick.monitors, sourceLabels: quick.sources.map(\.label), mode: .live, simTime: now - 3600)
        state.before = quick.before
        let app = DashboardApp(state: state, sources: quick.sources, journal: nil, refresh: 1, operatorName: "t", rebuild: { ([], []) })
        app.beforeSources = quick.beforeSources
        app.state.simTime = app.advance(to: now)
        #expect(app.state.monitors[0].drift.days.isEmpty)
        app.history = loader
        for _ in 0..<600 where app.history != nil {
            app.adoptHistoryIfReady()
            usleep(50_000)
        }
        #expect(app.history == nil)
        #expect(app.state.monitors[0].drift.days.count >= 2)
        #expect(app.state.monitors[0].now == now)
        #expect(app.state.historyProgress == nil)
    }
}

extension FirstRunTests {
    /// Humanwell an hour before 16 July 2019, 12:00, and a loader of its 3 days before that instant.
    func humanwellHistory() throws -> (now: Double, quick: PlantRuns, loader: HistoryLoader) {
        let p = HumanwellPlant.definition
        let now = CivilTime(year: 2019, month: 7, day: 16, hour: 12).epoch(offset: p.utcOffset)
        let configs = [LiveCommand.PlantRun(plant: p, config: ScenarioConfig(scenario: "recovery-2021", measures: p.scenarios[2].measures),
                                            faults: [], offset: 0, rules: nil)]
        let loader = HistoryLoader(days: 3, until: now, build: { try LiveCommand.runs(configs, seed: 1, start: $0) }) { runs, t in
            _ = runs.sources[0].feed(&runs.monitors[0], to: t)
        }
        return (now, try LiveCommand.runs(configs, seed: 1, start: now - 3600), loader)
    }

    /// serve's side: the setup swaps in the long history and keeps its clock.
    @Test func serveAdoptsTheBackgroundHistoryToo() throws {
        let (now, quick, loader) = try humanwellHistory()
        var setup = LiveSetup(pipelines: quick.monitors, sources: quick.sources, recorders: [], journal: nil, time: now - 3600,
                              followsWallClock: false, rebuild: { ([], []) })
        setup.warmUp(to: now)
        setup.history = loader
        var adopted: Result<Int, any Error>?
        for _ in 0..<600 where adopted == nil {
            adopted = setup.adoptHistoryIfReady()
            usleep(50_000)
        }
        #expect((try? adopted?.get()) == 3)
        #expect(setup.time == now && setup.pipelines[0].now == now)
        #expect(setup.pipelines[0].drift.days.count >= 2)
    }
}

@Suite struct HTMLReportTests {
    @Test func textFromOutsideIsEscapedAndGapsStayGaps() {
        #expect(SVGChart.escape("<a href='x'>&\u{1B}") == "&lt;a href=&#39;x&#39;&gt;&amp;\\u{1b}")
        var c = SVGChart(title: "t <b>", unit: "m³/t", xLabels: ["1", "2", "3", "4", "5"])
        c.series = [.init(name: "s", values: [1, 2, nil, 4, 5], color: "#000")]
        let svg = c.svg()
        // A missing value breaks the line: two polylines, not one through a made-up point.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
        #expect(svg.contains("t &lt;b&gt;") && !svg.contains("<b>"))
    }

    @Test func ticksAreRoundNumbers() {
        #expect(SVGChart.ticks(0, 10) == [0, 2, 4, 6, 8, 10])
        #expect(SVGChart.ticks(85.2, 93.1) == [86, 88, 90, 92])
    }

    @Test func theBandSurroundsThePredictionAndAnEmptyChartSaysSo() {
        var c = SVGChart(title: "energy", unit: "kWh", xLabels: ["a", "b", "c"])
        c.series = [.init(name: "metered", values: [1, 2, 3], color: "#000")]
        c.band = ([0.5, 1.5, 2.5], [1.5, 2.5, 3.5], "90 % prediction band")
        #expect(c.svg().contains("<polygon"))
        #expect(SVGChart(title: "none", unit: "", xLabels: []).svg().contains("no values to chart"))
        let split = SVGChart.split(title: "split", parts: [("gas", 3, "#f00"), ("electricity", 1, "#00f")], unit: "tce")
        #expect(split.contains("gas: 3.00 tce (75.0 %)") && split.contains("electricity: 1.00 tce (25.0 %)"))
        let page = HTMLPage(title: "a & b").html
        #expect(page.contains("<title>a &amp; b</title>") && !page.lowercased().contains("<script"))
    }
}
