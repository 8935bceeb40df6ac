import Foundation
import Testing
@testable import PlantModel

@Suite struct AlarmStateTests {
    let rule = AlarmRule(id: "hot", target: "x", kind: .high, limit: 100, deadband: 5, onDelay: 120, offDelay: 60, priority: .high, message: "x {value} above {limit}")

    @Test func onDelayDeadbandAndAcknowledgement() {
        var a = Alarm(rule: rule)
        var r: Alarm.Transition?
        var ok = false
        _ = (r, ok)
        r = a.evaluate(101, now: 0); #expect(r == nil)          // condition starts, on-delay running
        r = a.evaluate(99, now: 60); #expect(r == nil)          // dropped back: delay restarts
        r = a.evaluate(101, now: 100); #expect(r == nil)
        r = a.evaluate(102, now: 219); #expect(r == nil)
        r = a.evaluate(102, now: 220); #expect(r == .activate)  // held for 120 s
        #expect(a.state == .unacknowledged)
        ok = a.acknowledge(now: 230); #expect(ok)
        #expect(a.state == .acknowledged)
        ok = a.acknowledge(now: 231); #expect(!ok)
        r = a.evaluate(97, now: 300); #expect(r == nil)         // inside the deadband: still active
        r = a.evaluate(94, now: 310); #expect(r == nil)         // below limit − deadband: off-delay running
        r = a.evaluate(94, now: 370); #expect(r == .clear)
        #expect(a.state == .normal)
    }

    @Test func returnToNormalUnacknowledged() {
        var a = Alarm(rule: AlarmRule(id: "low", target: "x", kind: .low, limit: 10, priority: .medium, message: ""))
        var r: Alarm.Transition?
        var ok = false
        _ = (r, ok)
        r = a.evaluate(9, now: 0); #expect(r == .activate)
        r = a.evaluate(11, now: 10); #expect(r == .clear)
        #expect(a.state == .returnedUnacknowledged)
        ok = a.acknowledge(now: 20); #expect(ok)
        #expect(a.state == .normal)
    }

    @Test func shelvingHidesAndExpires() {
        var a = Alarm(rule: rule)
        var r: Alarm.Transition?
        var ok = false
        _ = (r, ok)
        a.shelve(until: 1000, now: 0)
        #expect(a.state == .shelved)
        _ = a.evaluate(150, now: 100)
        r = a.evaluate(150, now: 300); #expect(r == nil)       // activates silently while shelved
        #expect(a.state == .shelved)
        r = a.evaluate(150, now: 1000); #expect(r == .unshelve)
        #expect(a.state == .acknowledged || a.state == .unacknowledged)
    }

    @Test func chatteringIsDetected() {
        var a = Alarm(rule: AlarmRule(id: "c", target: "x", kind: .high, limit: 1, priority: .low, message: ""))
        var r: Alarm.Transition?
        for k in 0..<3 {
            r = a.evaluate(2, now: Double(k) * 20); #expect(r == .activate)
            r = a.evaluate(0, now: Double(k) * 20 + 10); #expect(r == .clear)
        }
        #expect(a.chattering)
    }
}

@Suite struct AlarmEngineTests {
    func monitorRun(_ path: String) throws -> [AlarmEvent] {
        let reader = try LogReader(paths: [path], plant: nil)
        var source = try ReplaySource(reader: reader)
        var m = try PlantMonitor(plant: reader.plant)
        var events: [AlarmEvent] = []
        _ = source.advance(to: .infinity, limit: .max) { events += m.ingest($0) }
        return events
    }

    @Test func replayRaisesWhatReportRaises() throws {
        let path = "Samples/humanwell-recovery-2021-faults.csv"
        let viaMonitor = try monitorRun(path)
        // The report's way: the log read straight into a pipeline with the period stage and no
        // screen. Every transition, clears included, at the same instants in the same order.
        let reader = try LogReader(paths: [path], plant: nil)
        var run = try PlantPipeline(plant: reader.plant, stages: .report(every: .day))
        reader.deliver(only: run.neededTags, markBad: true)
        var viaReport: [AlarmEvent] = []
        try reader.read { viaReport += run.ingest($0) }
        run.finish()
        #expect(viaMonitor.filter { $0.event == .activate }.count >= 2)
        #expect(viaMonitor.contains { $0.event == .clear })
        #expect(viaMonitor == viaReport)
        let activations = viaMonitor.filter { $0.event == .activate }
        // The injected faults show: the pump trip drives gas per tonne over the 2019 average,
        // and the steam-meter dropout is reported stale.
        #expect(activations.contains { $0.alarm == "gas-per-tonne-high" && $0.time > CivilTime(year: 2019, month: 1, day: 11, hour: 14).epoch(offset: 8 * 3600) })
        #expect(activations.contains { $0.alarm == "steam-meter-stale" })
    }

    /// The engine skips idle alarms whose value does not trip; the transitions must be exactly
    /// those of evaluating every rule at every row, as ISA-18.2's state machine has it.
    @Test func skippingIdleRulesChangesNoTransition() throws {
        let plant = HumanwellPlant.definition
        let rules = [
            AlarmRule(id: "o2", target: "flue_o2", kind: .high, limit: 5, deadband: 0.3, onDelay: 300, offDelay: 180, priority: .medium, message: ""),
            AlarmRule(id: "o2-low", target: "flue_o2", kind: .low, limit: 3, deadband: 0.2, onDelay: 120, priority: .low, message: ""),
            AlarmRule(id: "stale", target: "flue_o2", kind: .stale, limit: 300, priority: .high, message: ""),
            AlarmRule(id: "flat", target: "flue_o2", kind: .flatline, limit: 900, priority: .low, message: ""),
        ]
        var engine = try AlarmEngine(plant: plant, rules: rules, slots: try KPISlots(registry: plant.tags, kpis: plant.kpis()))
        var reference = rules.map(Alarm.init)
        let o2 = Int32(plant.tags.index(of: "flue_o2")!)
        var rng = SplitMix64(seed: 11)
        var v = 4.0, lastSeen = Double.nan, changed = Double.nan, lastV = Double.nan, run = 0
        // A flatline needs its limit's worth of identical readings too (15 at 60 s for 900 s).
        let needed = AlarmEngine.flatlineReadings(limit: 900, interval: 60)
        #expect(needed == 15)
        var got: [String] = [], want: [String] = []
        for m in 0..<20_000 {
            let t = Double(m) * 60
            // A wandering value with silences and frozen stretches.
            let silent = (m / 200) % 7 == 3 && m % 200 < 12
            let frozen = (m / 500) % 5 == 2
            if !frozen { v = min(7, max(2, v + (rng.uniform() - 0.5) * 0.6)) }
            if !silent {
                ReadingRow.with(time: t, tags: [o2], values: [v]) { engine.observe($0, increments: UnsafeBufferPointer(start: nil, count: 0)) }
                if v != lastV || changed.isNaN { changed = t; run = 0 }
                run += 1
                lastV = v; lastSeen = t
            }
            got += engine.evaluate(now: t).map { "\($0.alarm) \($0.event) \(t)" }
            let fresh = !lastSeen.isNaN && t - lastSeen <= 180
            let still = run >= needed ? t - changed : min(t - changed, 900)
            let values: [Double?] = [fresh ? lastV : nil, fresh ? lastV : nil, lastSeen.isNaN ? nil : t - lastSeen, fresh ? still : nil]
            for i in reference.indices {
                if let tr = reference[i].evaluate(values[i], now: t) { want.append("\(rules[i].id) \(tr) \(t)") }
            }
        }
        #expect(got.count > 20)
        #expect(got == want)
    }

    @Test func floodIndicator() throws {
        let rules = (0..<12).map { AlarmRule(id: "r\($0)", target: "flue_o2", kind: .high, limit: Double($0) / 10, priority: .low, message: "") }
        let plant = HumanwellPlant.definition
        var engine = try AlarmEngine(plant: plant, rules: rules, slots: try KPISlots(registry: plant.tags, kpis: plant.kpis()))
        let o2 = Int32(plant.tags.index(of: "flue_o2")!)
        ReadingRow.with(time: 1000, tags: [o2], values: [5.0]) { engine.observe($0, increments: UnsafeBufferPointer(start: nil, count: 0)) }
        let first = engine.evaluate(now: 1000)
        #expect(first.count == 12)
        #expect(engine.flooding)
        _ = engine.evaluate(now: 1000 + 601)
        #expect(!engine.flooding)
    }

    @Test func rulesMustNameRealTargets() throws {
        let plant = MOMAPlant.definition
        let slots = try KPISlots(registry: plant.tags, kpis: plant.kpis())
        #expect(throws: AlarmEngine.RuleError.self) { try AlarmEngine(plant: plant, rules: [AlarmRule(id: "x", target: "nope", kind: .high, limit: 1, priority: .low, message: "")], slots: slots) }
        #expect(throws: AlarmEngine.RuleError.self) { try AlarmEngine(plant: plant, rules: [AlarmRule(id: "x", target: "plant_cop", kind: .stale, limit: 1, priority: .low, message: "")], slots: slots) }
        for p in PlantCatalog.all { _ = try AlarmEngine(plant: p, rules: p.alarmRules, slots: try KPISlots(registry: p.tags, kpis: p.kpis())) }
    }
}

@Suite struct AlarmJournalTests {
    @Test func acknowledgementsSurviveARestartAndAHalfWrittenLine() throws {
        let path = tempFile("", name: "alarms.jsonl")
        let events = try AlarmEngineTests().monitorRun("Samples/humanwell-recovery-2021-faults.csv")
        var m = try PlantMonitor(plant: HumanwellPlant.definition)
        m.restoreAlarms(from: events)
        let target = try #require(m.alarms.alarms.first { $0.state == .unacknowledged || $0.state == .returnedUnacknowledged })
        do {
            let journal = try AlarmJournal(path: path)
            for e in events { journal.append(e) }
            let acked = m.acknowledge(target.rule.id, now: 2e9, by: "tester")
        let ack = try #require(acked)
            journal.append(ack)
        }
        // A crash mid-write leaves half a line.
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        h.seekToEndOfFile()
        h.write(Data("{\"time\":12".utf8))
        try h.close()
        let (read, problems) = try AlarmJournal.read(path: path)
        #expect(read.count == events.count + 1)
        #expect(problems.count == 1)
        #expect(read.last?.operatorName == "tester" && read.last?.event == .acknowledge)
        var restarted = try PlantMonitor(plant: HumanwellPlant.definition)
        restarted.restoreAlarms(from: read)
        let after = try #require(restarted.alarms.alarms.first { $0.rule.id == target.rule.id })
        #expect(after.acknowledged)
        #expect(after.state == (target.active ? .acknowledged : .normal))
    }
}

@Suite struct AlarmConfigTests {
    @Test func mergesWithDefaults() throws {
        let yaml = """
        humanwell:
          disable: [excess-o2]
          alarms:
            - id: feedwater-cold
              target: feedwater_temp
              kind: low
              limit: 40
              on_delay: 600
              priority: medium
            - id: gas-per-tonne-high
              target: gas_per_tonne_steam
              kind: high
              limit: 95
              priority: critical
        """
        let rules = try AlarmConfig.load(path: tempFile(yaml, name: "alarms.yaml"), plants: PlantCatalog.all)
        let hw = try #require(rules["humanwell"])
        #expect(!hw.contains { $0.id == "excess-o2" })
        #expect(hw.first { $0.id == "gas-per-tonne-high" }?.priority == .critical)
        #expect(hw.first { $0.id == "feedwater-cold" }?.onDelay == 600)
        #expect(rules["moma"]?.count == MOMAPlant.definition.alarmRules.count)
    }

    @Test func reportsBadFiles() {
        #expect(throws: AlarmConfig.ConfigError.self) { try AlarmConfig.load(path: tempFile("mars:\n  alarms: []\n", name: "a.yaml"), plants: PlantCatalog.all) }
        #expect(throws: AlarmConfig.ConfigError.self) {
            try AlarmConfig.load(path: tempFile("moma:\n  alarms:\n    - id: x\n      target: plant_cop\n      kind: sideways\n      limit: 1\n      priority: low\n", name: "b.yaml"), plants: PlantCatalog.all)
        }
    }
}

@Suite struct AlarmKindTests {
    @Test func badQualityReadingsRaiseTheirAlarm() throws {
        var lines = ["timestamp,tag,value,quality"]
        for m in 0..<10 {
            let ts = ISO8601.format(CivilTime(year: 2019, month: 1, day: 7, minute: m).epoch(offset: 8 * 3600), offset: 8 * 3600)
            lines.append("\(ts),gas_flow,\(m == 5 ? "300" : "290"),\(m == 5 ? "bad" : "good")")
        }
        let reader = try LogReader(paths: [tempFile(lines.joined(separator: "\n") + "\n")], plant: HumanwellPlant.definition)
        var source = try ReplaySource(reader: reader)
        var m = try PlantMonitor(plant: HumanwellPlant.definition)
        var events: [AlarmEvent] = []
        _ = source.advance(to: .infinity, limit: .max) { events += m.ingest($0) }
        #expect(source.tally.byReason[.badQuality] == 1)
        let bad = events.filter { $0.alarm == "gas-flow-bad" }.map(\.event)
        #expect(bad == [.activate, .clear])
    }

    @Test func rateOfChange() throws {
        let plant = HumanwellPlant.definition
        let rule = AlarmRule(id: "ramp", target: "feedwater_temp", kind: .rateOfChange, limit: 20, priority: .medium, message: "", window: 600)
        var engine = try AlarmEngine(plant: plant, rules: [rule], slots: try KPISlots(registry: plant.tags, kpis: plant.kpis()))
        let tag = Int32(plant.tags.index(of: "feedwater_temp")!)
        var raised: [AlarmEvent] = []
        // Steady at 50 °C for 20 minutes, then falling 1 K a minute (60 K/h).
        for m in 0..<40 {
            let v = m < 20 ? 50.0 : 50.0 - Double(m - 20)
            ReadingRow.with(time: Double(m) * 60, tags: [tag], values: [v]) { engine.observe($0, increments: UnsafeBufferPointer(start: nil, count: 0)) }
            raised += engine.evaluate(now: Double(m) * 60)
        }
        let first = try #require(raised.first)
        #expect(first.event == .activate)
        #expect(first.time > 20 * 60 && first.time <= 30 * 60)
    }
}

@Suite struct StuckSensorTests {
    @Test func aFrozenValueRaisesItsFlatlineAlarmWithinTheHour() throws {
        let path = try AnalysisLogs.log("moma", "retrofit-2019", from: CivilTime(year: 2019, month: 7, day: 1), days: 1, step: 60,
                                        faults: ["stuck-sensor:cw_supply_temp@2019-07-01T10:00"])
        let events = try AlarmEngineTests().monitorRun(path).filter { $0.event == .activate }
        let onset = CivilTime(year: 2019, month: 7, day: 1, hour: 10).epoch(offset: 8 * 3600)
        let hit = try #require(events.first { $0.alarm == "cw_supply_temp-flatline" })
        #expect(hit.time >= onset + 3600 && hit.time <= onset + 3600 + 120)
        #expect(!events.contains { $0.alarm.hasSuffix("-flatline") && $0.alarm != "cw_supply_temp-flatline" })
    }
}
