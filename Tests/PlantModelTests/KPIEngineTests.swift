import Testing
@testable import PlantModel

@Suite struct KPIEngineTests {
    static let registry = TagRegistry([
        TagSpec("flow", "a rate", .cubicMetrePerHour, .rate, range: 0...1000, interval: 60),
        TagSpec("total", "a totaliser", .tonne, .totaliser, range: 0...1e6, interval: 60, registerLimit: 1e6),
        TagSpec("temp", "a process value", .degreeCelsius, .process, range: -50...150, interval: 60),
    ])
    static let kpis = [
        KPIDefinition("ratio", "flow per tonne", .cubicMetrePerTonne, formula: "Σflow ÷ Σtotal", numerator: [.quantity("flow")], denominator: [.quantity("total")]),
        KPIDefinition("mean_temp", "mean", .degreeCelsius, formula: "Σ temp·Δt ÷ Σ Δt", numerator: [.timeIntegral("temp")], denominator: [.hours("temp")]),
        KPIDefinition("weighted_temp", "weighted", .degreeCelsius, formula: "Σ temp·Δtotal ÷ Σ Δtotal", numerator: [.weighted("temp", by: "total")], denominator: [.quantity("total")]),
    ]

    @Test func rollingWindowMatchesNaiveRecomputationOverAMillionReadings() throws {
        let slots = try KPISlots(registry: Self.registry, kpis: Self.kpis)
        var engine = IncrementEngine(slots: slots)
        var window = RollingWindow(slots: slots, length: 3600, bucketCount: 60)
        var rng = SplitMix64(seed: 99)
        var t = 1_600_000_000.0, register = 999_000.0     // wraps a few times along the way
        var log: [(time: Double, since: Double, slot: Int, delta: Double)] = []
        log.reserveCapacity(3_000_000)
        var checked = 0
        for n in 0..<1_000_000 {
            // Irregular sampling: mostly 1–90 s, sometimes a gap of up to 40 minutes.
            t += rng.uniform() < 0.002 ? 600 + 1800 * rng.uniform() : 1 + 89 * rng.uniform()
            let flow = 50 + 400 * rng.uniform()
            register += 0.01 + 3 * rng.uniform()
            if register >= 1e6 { register -= 1e6 }
            engine.beginRow()
            engine.reading(tag: 0, time: t, value: flow)
            engine.reading(tag: 1, time: t, value: register)
            engine.reading(tag: 2, time: t, value: 20 + 60 * rng.uniform())
            engine.finishRow(time: t)
            window.add(time: t, engine.pending)
            let b = Int((t / window.bucketSeconds).rounded(.down))
            for inc in engine.pending { log.append((t, inc.since, inc.slot, inc.delta)) }
            if n % 50_000 == 49_999 {
                // Exact window semantics: a short increment counts whole in its row's bucket; one
                // covering a gap counts for the share of its interval inside the window.
                var naive = Array(repeating: 0.0, count: slots.count)
                let windowStart = Double(b - window.bucketCount + 1) * window.bucketSeconds
                for e in log.reversed() {
                    if e.time < windowStart - 3000 { break }
                    if e.time - e.since <= window.bucketSeconds {
                        if e.time >= windowStart { naive[e.slot] += e.delta }
                    } else if e.time > windowStart {
                        naive[e.slot] += e.delta * (e.time - max(e.since, windowStart)) / (e.time - e.since)
                    }
                }
                for (s, v) in window.sums.enumerated() {
                    #expect(abs(v - naive[s]) <= 1e-9 * max(1, abs(naive[s])), "slot \(s): \(v) vs \(naive[s])")
                }
                naive.withUnsafeBufferPointer { p in
                    for k in 0..<slots.kpis.count {
                        if let a = window.value(k), let n = slots.value(k, p) { #expect(abs(a - n) <= 1e-9 * abs(n)) }
                    }
                }
                checked += 1
            }
        }
        #expect(checked == 20)
        #expect(engine.rollovers[1] >= 2)
    }

    @Test func windowForgetsOldDataAndReportsCoverage() throws {
        let slots = try KPISlots(registry: Self.registry, kpis: Self.kpis)
        var engine = IncrementEngine(slots: slots)
        var window = RollingWindow(slots: slots, length: 900, bucketCount: 15)     // 15 min, 1-min buckets
        let t0 = 1_600_000_020.0
        for m in 0...30 {
            let t = t0 + Double(m) * 60
            engine.beginRow()
            engine.reading(tag: 0, time: t, value: m < 15 ? 100 : 200)
            engine.reading(tag: 2, time: t, value: m < 15 ? 10 : 30)
            engine.finishRow(time: t)
            window.add(time: t, engine.pending)
        }
        // The last 15 minutes saw only the second regime.
        let mean = window.value(1)!
        #expect(abs(mean - 30) < 1e-9)
        #expect(window.coverage(1) > 0.9)
        // Ten quiet minutes later, coverage has fallen below the threshold.
        window.advance(to: t0 + 40 * 60)
        #expect(window.coverage(1) < 0.5)
    }

    @Test func staleTagsAreFlagged() throws {
        let slots = try KPISlots(registry: Self.registry, kpis: Self.kpis)
        var engine = IncrementEngine(slots: slots)
        engine.beginRow()
        engine.reading(tag: 0, time: 1000, value: 1)
        engine.reading(tag: 2, time: 1100, value: 1)
        #expect(engine.staleTags(now: 1150) == [1])          // never seen
        #expect(engine.staleTags(now: 1200) == [0, 1])       // 200 s > 3 × 60 s
    }

    /// The row API (storage claimed once per row) must book exactly what reading-by-reading does,
    /// and a copied engine must not share state with its original (copy on write).
    @Test func rowAtOnceEqualsReadingByReadingAndCopiesAreIndependent() throws {
        let slots = try KPISlots(registry: Self.registry, kpis: Self.kpis)
        var byReading = IncrementEngine(slots: slots), byRow = IncrementEngine(slots: slots)
        var a = KPIAccumulator(slots: slots), b = KPIAccumulator(slots: slots)
        var rng = SplitMix64(seed: 7)
        var t = 1_600_000_000.0, register = 999_990.0
        var events = 0
        for n in 0..<5_000 {
            t += 30 + 60 * rng.uniform()
            register += 5 * rng.uniform()
            if register >= 1e6 { register -= 1e6 }
            if n == 2_500 { register = 3 }                      // a meter reset
            // Some rows lack a tag (NaN), as a gappy wide log has.
            let values = [rng.uniform() < 0.1 ? .nan : 100 * rng.uniform(), register, 20 + 10 * rng.uniform()]
            byReading.beginRow()
            for (i, v) in values.enumerated() where !v.isNaN { byReading.reading(tag: i, time: t, value: v) }
            byReading.finishRow(time: t)
            ReadingRow.with(time: t, tags: [0, 1, 2], values: values) { byRow.row($0) }
            events += byRow.rowEvents.count
            #expect(Array(byReading.pending) == Array(byRow.pending))
            a.apply(byReading.pending, time: t)
            b.apply(byRow.pending, time: t)
        }
        #expect(a.totals == b.totals)
        #expect(events == byRow.rollovers.reduce(0, +) + byRow.resets.reduce(0, +) && events >= 2)
        // A copy goes its own way.
        let before = byRow
        ReadingRow.with(time: t + 60, tags: [1], values: [register + 10]) { byRow.row($0) }
        #expect(byRow.lastTime(of: 1) == t + 60)
        #expect(before.lastTime(of: 1) == t)
        #expect(byRow.pending.count > 0 && Array(before.pending) != Array(byRow.pending))
    }

    @Test func periodBoundsFollowTheLocalCalendar() {
        let off = 8 * 3600
        let t = CivilTime(year: 2019, month: 3, day: 14, hour: 13, minute: 25).epoch(offset: off)   // a Thursday
        let day = ReportPeriod.day.bounds(t, offset: off)
        #expect(day.start == CivilTime(year: 2019, month: 3, day: 14).epoch(offset: off) && day.end - day.start == 86_400)
        let week = ReportPeriod.week.bounds(t, offset: off)
        #expect(week.start == CivilTime(year: 2019, month: 3, day: 11).epoch(offset: off))
        let feb = ReportPeriod.month.bounds(CivilTime(year: 2020, month: 2, day: 29, hour: 23).epoch(offset: off), offset: off)
        #expect(feb.end - feb.start == 29 * 86_400)
        let hour = ReportPeriod.hour.bounds(t, offset: off)
        #expect(hour.start == CivilTime(year: 2019, month: 3, day: 14, hour: 13).epoch(offset: off))
    }

    @Test func aRowAtMidnightClosesThePreviousDay() throws {
        var run = try PlantPipeline(plant: HumanwellPlant.definition, stages: .report(every: .day, drift: false), rules: [])
        let gi = Int32(HumanwellPlant.definition.tags.index(of: "gas_total")!)
        let midnight = CivilTime(year: 2019, month: 1, day: 8).epoch(offset: 8 * 3600)
        for (t, v) in [(midnight - 60, 100.0), (midnight, 110.0), (midnight + 60, 125.0)] {
            ReadingRow.with(time: t, tags: [gi], values: [v]) { run.ingest($0) }
        }
        run.finish()
        let report = run.report!
        #expect(report.rows.count == 2)
        #expect(report.rows[0].sums[Int(gi)] == 10 && report.rows[1].sums[Int(gi)] == 15)
    }

    @Test func everyBuiltInKPIReadsRealTags() throws {
        for p in PlantCatalog.all { _ = try KPISlots(registry: p.tags, kpis: p.kpis()) }
    }
}
