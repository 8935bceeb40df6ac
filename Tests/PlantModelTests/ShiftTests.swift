import Foundation
import Testing
@testable import PlantModel

/// A one-meter site with the built-in plants' shifts: three 8-hour shifts, four teams, 8-day cycle.
let shiftSite = """
site:
  id: shifty
  utc_offset: "+08:00"
tags:
  - {id: load, unit: kW, kind: rate, interval: 600}
kpis:
  - {id: mean_kw, unit: kW, numerator: [{quantity: load}], denominator: [{hours: load}], decimals: 3}
  - {id: energy, unit: kWh, numerator: [{quantity: load}], decimals: 3}
shifts:
  - {name: morning, start: "08:00", length: 8}
  - {name: afternoon, start: "16:00"}
  - {name: night, start: "00:00", length: 8}
teams:
  names: [A, B, C, D]
  rotation_start: 2018-01-01
  rotation: [[A, D, C], [A, D, C], [B, A, D], [B, A, D], [C, B, A], [C, B, A], [D, C, B], [D, C, B]]

"""

/// Runs a report by shift over rows every 10 minutes from `start` for `days`, the load given by `load(t, team)`.
func shiftReport(_ plant: PlantDefinition, start: Double, days: Int, load: (Double, Int) -> Double) throws -> PeriodReport {
    var run = try PlantPipeline(plant: plant, stages: .report(every: .shift, drift: false), rules: [])
    let cal = plant.shifts!
    var t = start
    while t <= start + Double(days) * 86_400 {
        // The reading at t closes the interval before it: the team of that interval sets it.
        let team = cal.slot(at: t - 1).team!
        ReadingRow.with(time: t, tags: [0], values: [load(t, team)]) { run.ingest($0) }
        t += 600
    }
    run.finish()
    return run.report!
}

/// The error a site file's text raises (nil: it loads, or fails otherwise).
func siteError(_ yaml: String) -> SiteError? {
    do { _ = try SiteLoader.load(text: yaml, file: "s.yaml"); return nil } catch let e as SiteError { return e } catch { return nil }
}

@Suite struct ShiftTests {
    let plant = try! SiteLoader.load(text: shiftSite, file: "shifty.yaml")

    @Test func shiftsAndTeamsByHand() throws {
        let cal = try #require(plant.shifts)
        // 2021-03-01 03:00 +08:00 is in the night shift of shift day 2021-02-28, which is
        // 1154 days after 2018-01-01 (365 + 365 + 366 + 58): 1154 mod 8 = 2, the line [B, A, D].
        let t = ISO8601.parse("2021-03-01T03:00:00+08:00", defaultOffset: 0)!
        let s = cal.slot(at: t)
        #expect(cal.shifts[s.shift].name == "night")
        #expect(s.start == ISO8601.parse("2021-03-01T00:00:00+08:00", defaultOffset: 0)!)
        #expect(s.end - s.start == 8 * 3600)
        #expect(s.team.map { cal.teams[$0] } == "D")
        #expect(cal.label(s) == "2021-02-28 night (D)")
        // The next morning: day 1155, line 3 [B, A, D]: B.
        let m = cal.slot(at: t + 6 * 3600)
        #expect(cal.shifts[m.shift].name == "morning" && m.team == 1)
        // Before the rotation's start the cycle runs backwards: 2017-12-31 is line 8 [D, C, B].
        let before = cal.slot(at: ISO8601.parse("2017-12-31T09:00:00+08:00", defaultOffset: 0)!)
        #expect(before.team.map { cal.teams[$0] } == "D")
        // Each team works two of each shift and has two days off in a cycle.
        for team in 0..<4 {
            for shift in 0..<3 { #expect(cal.rotation.filter { $0[shift] == team }.count == 2) }
        }
    }

    @Test func shiftRowsAndTeamTotalsEqualThePlant() throws {
        let start = ISO8601.parse("2021-03-01T00:00:00+08:00", defaultOffset: 0)!
        let r = try shiftReport(plant, start: start, days: 10) { t, _ in 100 + 50 * sin(t / 7200) + (t - start) / 86_400 }
        // 10 days of 8-hour shifts starting at a shift boundary: 30 rows.
        #expect(r.rows.count == 30)
        #expect(r.rows.allSatisfy { $0.end - $0.start == 8 * 3600 })
        let c = try TeamComparison(report: r)
        let energy = 1
        let teamSum = c.teams.reduce(0.0) { $0 + $1.values[energy]! }
        let plantTotal = try #require(c.plantValues[energy])
        #expect(abs(teamSum - plantTotal) <= 1e-9 * plantTotal)
        for i in 0..<r.slots.count {
            let s = c.teams.reduce(0.0) { $0 + $1.sums[i] }
            #expect(abs(s - c.plantSums[i]) <= 1e-9 * max(1, abs(c.plantSums[i])))
        }
        #expect(c.teams.reduce(0) { $0 + $1.shifts } == 30)
        #expect(abs(c.teams.reduce(0) { $0 + $1.share } - 1) < 1e-12)
        // Mean power of the plant is the hours-weighted mean of the teams'.
        let weighted = c.teams.reduce(0.0) { $0 + $1.values[0]! * $1.hours } / c.teams.reduce(0.0) { $0 + $1.hours }
        #expect(abs(weighted - c.plantValues[0]!) < 1e-9 * weighted)
    }

    @Test func teamsAreComparedOnEqualTerms() throws {
        // Load set by the time of day and by the rotation cycle only (the second cycle is a hot
        // spell at twice the load); the span ends half-way through the second cycle, so the teams
        // on shift then (A, B on mornings) worked more of the hot days. Their raw means differ;
        // against their peers they are all equal.
        let cal = plant.shifts!
        // 144 cycles after 2018-01-01: shift day 2021-02-26, whose morning starts 08:00 +08:00 = 00:00 UTC.
        let cycleStart = Double(cal.rotationStart + 8 * 144) * 86_400
        let first = cal.slot(at: cycleStart + 1)
        #expect(first.shift == 0 && first.team == 0 && cal.label(first) == "2021-02-26 morning (A)")
        func load(_ t: Double, _ team: Int, better: Int?) -> Double {
            let s = cal.slot(at: t - 1)
            let base = [300.0, 200, 100][s.shift] * (cal.cycle(day: s.day) == cal.cycle(day: first.day) ? 1 : 2)
            return team == better ? base * 0.9 : base
        }
        let equal = try TeamComparison(report: shiftReport(plant, start: cycleStart, days: 12) { load($0, $1, better: nil) })
        let raw = equal.teams.map { $0.values[0]! }
        #expect(raw.max()! - raw.min()! > 10)
        for t in equal.teams { #expect(abs(t.versusPeers[0]!) < 1e-9 * t.values[0]!) }
        #expect(equal.normalisedSpread(0)! < 1e-6)
        // Team C at 10 % less load on every shift: below its peers, the others above.
        let c = try TeamComparison(report: shiftReport(plant, start: cycleStart, days: 12) { load($0, $1, better: 2) })
        #expect(c.teams[2].versusPeers[0]! < 0)
        for i in [0, 1, 3] { #expect(c.teams[i].versusPeers[0]! > 0) }
    }

    @Test func shiftErrorsNameTheLine() throws {
        let head = "site: {id: x, utc_offset: \"+08:00\"}\ntags:\n  - {id: load, unit: kW, kind: rate}\n"
        let gap = siteError(head + "shifts:\n  - {name: day, start: \"08:00\", length: 8}\n  - {name: night, start: \"20:00\"}\n")
        #expect(gap?.line == 5 && gap?.message.contains("round the clock") == true)
        let time = siteError(head + "shifts:\n  - {name: day, start: \"8h\"}\n")
        #expect(time?.line == 5 && time?.field == "shifts[0].start")
        let team = siteError(head + "shifts:\n  - {name: day, start: \"08:00\", length: 12}\n  - {name: night, start: \"20:00\"}\n"
                         + "teams:\n  names: [A, B]\n  rotation_start: 2020-01-01\n  rotation: [[A, B], [B, E]]\n")
        #expect(team?.line == 10 && team?.message.contains("unknown team 'E'") == true)
        let lazy = siteError(head + "shifts:\n  - {name: day, start: \"08:00\", length: 12}\n  - {name: night, start: \"20:00\"}\n"
                         + "teams:\n  names: [A, B, C]\n  rotation_start: 2020-01-01\n  rotation: [[A, B], [B, A]]\n")
        #expect(lazy?.message.contains("team 'C' never works") == true)
        // The built-in plants carry the four-team rotation.
        for p in PlantCatalog.all { #expect(p.shifts?.teams == ["A", "B", "C", "D"] && p.shifts?.rotation.count == 8) }
    }
}
