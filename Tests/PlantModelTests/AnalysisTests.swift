import Foundation
import Testing
@testable import PlantModel

@Suite struct StatisticsTests {
    @Test func studentTQuantiles() {
        // Tables: t(0.95, 10) = 1.812, t(0.95, 30) = 1.697, t(0.975, 5) = 2.571, t → z = 1.645 for large df.
        #expect(abs(Statistics.tQuantile(0.95, df: 10) - 1.8125) < 1e-3)
        #expect(abs(Statistics.tQuantile(0.95, df: 30) - 1.6973) < 1e-3)
        #expect(abs(Statistics.tQuantile(0.975, df: 5) - 2.5706) < 1e-3)
        #expect(abs(Statistics.tQuantile(0.95, df: 1e6) - 1.6449) < 1e-3)
    }

    /// The worked examples of energy-reference.md §4.2 (recomputed there with scipy).
    @Test func fractionalSavingsUncertainty() {
        func fsu(_ cv: Double, _ f: Double, _ n: Int, _ m: Int, _ rho: Double, alpha: Double, conf: Double = 0.9) -> Double {
            Guideline14.fractionalSavingsUncertainty(cv: cv, savingsFraction: f, n: n, m: m, rho: rho, parameters: 2, confidence: conf, alpha: alpha)
        }
        #expect(abs(fsu(0.20, 0.10, 8760, 8760, 0.8, alpha: 1.26) - 0.133) < 0.001)
        #expect(abs(fsu(0.30, 0.05, 8760, 8760, 0.9, alpha: 1.26) - 0.582) < 0.001)
        #expect(abs(fsu(0.15, 0.10, 365, 365, 0.5, alpha: 1.26) - 0.286) < 0.001)
        #expect(abs(fsu(0.12, 0.30, 153, 153, 0.6, alpha: 1.0) - 0.112) < 0.001)
        #expect(abs(fsu(0.10, 0.10, 12, 12, 0, alpha: 1.0, conf: 0.68) - 0.326) < 0.001)
    }

    @Test func ordinaryLeastSquaresRecoversAKnownPlane() throws {
        var rng = SplitMix64(seed: 5)
        var x: [[Double]] = [], y: [Double] = []
        for _ in 0..<200 {
            let a = 10 * rng.uniform(), b = 100 * rng.uniform()
            x.append([a, b])
            y.append(3 + 2 * a - 0.5 * b + 0.01 * rng.gaussian())
        }
        let m = try LinearModel.fit(names: ["a", "b"], x: x, y: y)
        #expect(abs(m.coefficients[0] - 3) < 0.01 && abs(m.coefficients[1] - 2) < 0.001 && abs(m.coefficients[2] + 0.5) < 0.001)
        #expect(m.r2 > 0.9999)
        #expect(abs(m.nmbe) < 1e-9)
        // Prediction error grows away from the data.
        #expect(m.predictionSE([100, 1000]) > 1.5 * m.predictionSE([5, 50]))
        #expect(m.predictionSE([5, 50]) > m.residualSD)
        #expect(throws: LinearModel.FitError.self) { try LinearModel.fit(names: ["a", "b"], x: x.map { [$0[0], 2 * $0[0]] }, y: y) }
    }
}

/// Simulated logs for the M&V tests, written once per test process.
enum AnalysisLogs {
    /// A 300 s step: coarse enough to be quick, fine enough that every interval counts as covered
    /// (five expected 60 s intervals).
    static func log(_ plant: String, _ scenario: String, from: CivilTime, days: Double, step: Double = 300, faults: [String] = []) throws -> String {
        let p = PlantCatalog.plant(plant)!
        let path = tempFile("")
        var sim = try Simulation(plant: p, config: ScenarioConfig(scenario: scenario, measures: p.scenario(scenario)!.measures), seed: 1,
                                 start: from.epoch(offset: p.utcOffset), step: step, duration: days * 86_400,
                                 faults: try faults.map { try FaultSpec.parse($0, utcOffset: p.utcOffset) })
        var w = CSVLogWriter(registry: p.tags, format: .wide, utcOffset: p.utcOffset, sink: try ByteSink(path: path))
        w.writeHeader()
        var row: [Double] = []
        while let t = sim.next(into: &row) { w.write(time: t, values: row) }
        w.finish()
        return path
    }
}

@Suite struct CompareTests {
    func analyse(_ plant: String, _ before: String, _ after: String, from: CivilTime, days: Double) throws -> SavingsAnalysis {
        let a = try LogReader(paths: [try AnalysisLogs.log(plant, before, from: from, days: days)], plant: nil)
        let b = try LogReader(paths: [try AnalysisLogs.log(plant, after, from: from, days: days)], plant: nil)
        let spec = a.plant.energyBaseline!
        let ids = [spec.target] + spec.drivers
        return try SavingsAnalysis.analyse(plant: a.plant, spec: spec, before: try BaselineData.daily(a, kpis: ids), after: try BaselineData.daily(b, kpis: ids))
    }

    @Test func momaReproducesThePublishedSeason() throws {
        let s = try analyse("moma", "legacy-2018", "retrofit-2019", from: CivilTime(year: 2019, month: 5, day: 1), days: 153)
        #expect(abs(s.savings - 608_162) <= 0.03 * 608_162, "\(s.savings) kWh")
        let money = try #require(s.value(MOMAPlant.definition.factors))
        #expect(abs(money.tce - 156.55) <= 0.03 * 156.55)
        #expect(abs(money.co2eT - 538) <= 0.03 * 538)
        #expect(abs(money.costCNY - 304_100) <= 0.03 * 304_100)
        #expect(Guideline14.verdict(s.baseline.model, resolution: .daily).passes)
        #expect(s.fsu90 > 0 && s.fsu90 < 0.1)
        #expect(s.afterDays == 153)
    }

    @Test func humanwellSavesTheGasOf91To86() throws {
        let s = try analyse("humanwell", "baseline-2019", "recovery-2021", from: CivilTime(year: 2019, month: 1, day: 1), days: 365)
        // On one year's weather with every stage in service all year, the saving is the two runs'
        // gas-per-tonne difference on the reporting year's steam. (The case's 85.9 is a May–December
        // figure and its 91.03 a calendar-year one, so they are not compared here; see
        // HumanwellCalibrationTests.)
        let after = try readReport([try AnalysisLogs.log("humanwell", "recovery-2021", from: CivilTime(year: 2019, month: 1, day: 1), days: 365)]).0
        let before = try readReport([try AnalysisLogs.log("humanwell", "baseline-2019", from: CivilTime(year: 2019, month: 1, day: 1), days: 365)]).0
        let direct = kpi(after, "steam_t")! * (kpi(before, "gas_per_tonne_steam")! - kpi(after, "gas_per_tonne_steam")!)
        #expect(abs(s.savings - direct) <= 0.03 * direct, "\(s.savings) vs \(direct) m³")
        #expect(abs(s.fraction - (91.03 - 85.9) / 91.03) < 0.01, "\(s.fraction)")
        print("humanwell compare: saved \(s.savings) m³ (\(s.fraction * 100) %); direct \(direct) m³")
    }
}

@Suite struct DriftTests {
    func driftAlarms(_ path: String) throws -> [AlarmEvent] {
        let reader = try LogReader(paths: [path], plant: nil)
        var source = try ReplaySource(reader: reader)
        var m = try PlantMonitor(plant: reader.plant)
        var events: [AlarmEvent] = []
        _ = source.advance(to: .infinity, limit: .max) { events += m.ingest($0) }
        return events.filter { $0.alarm.hasPrefix("drift.") && $0.event == .activate }
    }

    @Test func aFaultFreeYearRaisesNoDrift() throws {
        for scenario in ["baseline-2019", "recovery-2021"] {
            let events = try driftAlarms(try AnalysisLogs.log("humanwell", scenario, from: CivilTime(year: 2019, month: 1, day: 1), days: 365))
            #expect(events.isEmpty, "\(scenario): \(events.map { "\($0.iso) \($0.alarm)" })")
        }
    }

    @Test(arguments: ["legacy-2018", "retrofit-2019"])
    func aFaultFreeCoolingSeasonRaisesNoDrift(_ scenario: String) throws {
        let events = try driftAlarms(try AnalysisLogs.log("moma", scenario, from: CivilTime(year: 2019, month: 5, day: 1), days: 153))
        #expect(events.isEmpty, "\(scenario): \(events.map { "\($0.iso) \($0.alarm)" })")
    }

    @Test func aFaultFreeCATLYearRaisesNoDrift() throws {
        let events = try driftAlarms(try AnalysisLogs.log("catl", "carbon-zero-2021", from: CivilTime(year: 2021, month: 1, day: 1), days: 365))
        #expect(events.isEmpty, "\(events.map { "\($0.iso) \($0.alarm)" })")
    }

    @Test(arguments: [
        ("boiler-fouling@2019-04-10", "drift.flue-gas", 7.0),
        ("recovery-pump-trip@2019-04-10", "drift.makeup-temp", 3.0),
    ])
    func faultsAreDetectedInTime(_ fault: String, _ alarm: String, _ maxDays: Double) throws {
        let events = try driftAlarms(try AnalysisLogs.log("humanwell", "recovery-2021", from: CivilTime(year: 2019, month: 3, day: 1), days: 70, faults: [fault]))
        let onset = CivilTime(year: 2019, month: 4, day: 10).epoch(offset: 8 * 3600)
        let hit = try #require(events.first { $0.alarm == alarm }, "\(fault): \(events.map(\.alarm))")
        #expect(hit.time > onset && hit.time - onset <= maxDays * 86_400, "\(fault) detected after \((hit.time - onset) / 86_400) days")
        #expect(!events.contains { $0.time < onset })
        #expect(hit.message.contains("check") || hit.message.contains("clean"))
    }

    @Test func condenserFoulingShowsInChillerCOP() throws {
        let events = try driftAlarms(try AnalysisLogs.log("moma", "retrofit-2019", from: CivilTime(year: 2019, month: 5, day: 1), days: 90,
                                                          faults: ["condenser-fouling@2019-06-15"]))
        let onset = CivilTime(year: 2019, month: 6, day: 15).epoch(offset: 8 * 3600)
        let hit = try #require(events.first { $0.alarm == "drift.chiller-cop" }, "\(events.map(\.alarm))")
        #expect(hit.time > onset && hit.time - onset <= 16 * 86_400, "after \((hit.time - onset) / 86_400) days")
        #expect(!events.contains { $0.time < onset })
    }
}
