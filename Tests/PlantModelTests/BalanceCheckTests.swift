import Testing
@testable import PlantModel

/// `plantwatch check`'s physics on simulated logs: clean logs pass, injected meter and sensor
/// faults are found and named.
@Suite struct BalanceCheckTests {
    func check(_ plant: String, _ scenario: String, from: CivilTime, days: Double, faults: [FaultSpec] = []) throws -> [BalanceCheck.Finding] {
        let r = try simulate(plant, scenario: scenario, from: from, days: days, faults: faults, keepRows: true)
        var c = BalanceCheck(plant: PlantCatalog.plant(plant)!)
        for (t, row) in r.rows { c.add(time: t, row: row) }
        return c.findings()
    }

    @Test(arguments: [("humanwell", "baseline-2019", 2019), ("humanwell", "recovery-2020", 2020), ("humanwell", "recovery-2021", 2021),
                      ("moma", "legacy-2018", 2019), ("moma", "retrofit-2019", 2019), ("catl", "baseline", 2021), ("catl", "carbon-zero-2021", 2021)])
    func cleanLogsPass(_ plant: String, _ scenario: String, _ year: Int) throws {
        let start = plant == "moma" ? CivilTime(year: year, month: 5, day: 1) : CivilTime(year: year, month: 1, day: 1)
        let f = try check(plant, scenario, from: start, days: plant == "moma" ? 153 : 365)
        for x in f { #expect(x.verdict != .fail, "\(plant) \(scenario): \(x.check) \(x.value) — \(x.suspect) \(x.detail)") }
        if plant != "catl" { #expect(f.contains { $0.verdict == .pass }) }
    }

    @Test func findsAFivePercentSteamMeterBias() throws {
        let start = CivilTime(year: 2019, month: 3, day: 1)
        let bias = FaultSpec(kind: .meterBias, tag: "steam_flow", start: CivilTime(year: 2019, month: 3, day: 21).epoch(offset: 8 * 3600))
        let f = try check("humanwell", "baseline-2019", from: start, days: 42, faults: [bias])
        let failed = f.filter { $0.verdict == .fail }
        #expect(failed.count == 2, "\(f)")
        for x in failed { #expect(x.suspect == "steam_flow", "\(x.check): \(x.suspect) — \(x.detail)") }
        #expect(failed.first?.detail.contains("2019-03-21") == true, "\(failed.first?.detail ?? "")")
        // The clean stretch alone passes.
        let clean = try check("humanwell", "baseline-2019", from: start, days: 42)
        #expect(!clean.contains { $0.verdict == .fail })
    }

    @Test func namesADriftingChilledWaterSensor() throws {
        let start = CivilTime(year: 2019, month: 6, day: 1)
        let drift = FaultSpec(kind: .sensorDrift, tag: "chw_supply_temp", start: CivilTime(year: 2019, month: 6, day: 11).epoch(offset: 8 * 3600))
        let f = try check("moma", "retrofit-2019", from: start, days: 30, faults: [drift])
        let btu = try #require(f.first { $0.check.hasPrefix("BTU") })
        #expect(btu.verdict == .fail)
        #expect(btu.suspect.hasPrefix("chw_supply_temp"), "\(btu.suspect)")
        #expect(btu.detail.contains("K/day"), "\(btu.detail)")
    }
}
