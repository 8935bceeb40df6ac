import Testing
@testable import PlantModel

/// Meters like real meters (issue 12 item 6): a seeded systematic error per meter within its
/// stated class, none on the calibrated meters the published figures were read from, registers that
/// advance in whole units, and compare's uncertainty that counts the meter.
@Suite struct MeterErrorTests {
    func sim(_ plant: PlantDefinition, _ scenario: String, seed: UInt64, days: Double = 2, step: Double = 300) throws -> Simulation {
        try Simulation(plant: plant, config: ScenarioConfig(scenario: scenario, measures: plant.scenario(scenario)!.measures), seed: seed,
                       start: CivilTime(year: 2019, month: 7, day: 1).epoch(offset: plant.utcOffset), step: step, duration: days * 86_400)
    }

    @Test func errorsAreSeededWithinTheClassAndSparesCalibratedMeters() throws {
        for plant in [HumanwellPlant.definition, MOMAPlant.definition] {
            var seen: Set<Double> = []
            for seed: UInt64 in [1, 2, 3, 4, 5] {
                let a = try sim(plant, plant.scenarios[0].id, seed: seed, days: 0.1), b = try sim(plant, plant.scenarios[0].id, seed: seed, days: 0.1)
                #expect(a.meterErrors == b.meterErrors)
                for (t, e) in zip(plant.tags.tags, a.meterErrors) {
                    if let acc = t.accuracy, !t.calibrated {
                        #expect(abs(e) >= acc / 2 && abs(e) <= acc, "\(t.id): \(e) outside ±[\(acc / 2), \(acc)]")
                        seen.insert(e)
                    } else {
                        #expect(e == 0, "\(t.id) reads off true by \(e) though \(t.calibrated ? "calibrated" : "it states no accuracy")")
                    }
                }
            }
            // Seeds give different errors (one per meter and seed, not one for all).
            #expect(seen.count > 10)
        }
        #expect(HumanwellPlant.definition.tags.tags.first { $0.id == "gas_flow" }!.calibrated)
        #expect(MOMAPlant.definition.tags.tags.first { $0.id == "plant_power" }!.calibrated)
    }

    /// The meter's rate and its register read the same error: over a day the register's advance ÷
    /// the integrated rate is 1 within the noise, and a sub-meter's register ÷ its true flow is 1 + e.
    @Test func aMetersRegisterCountsItsErrorAndAdvancesInWholeUnits() throws {
        let p = MOMAPlant.definition
        var s = try sim(p, "retrofit-2019", seed: 7, days: 1, step: 60)
        let errors = s.meterErrors
        let ri = p.tags.index(of: "chillers_power")!, ti = p.tags.index(of: "chillers_elec_total")!, pi = p.tags.index(of: "plant_elec_total")!
        #expect(errors[ri] != 0)
        var row: [Double] = []
        var first: [Double]?, last: [Double] = []
        var rateSum = 0.0
        while let _ = s.next(into: &row) {
            if first == nil { first = row } else { rateSum += row[ri] / 60 }
            // Registers advance in whole register units (0.1 kWh here: decimals 1).
            for i in [ti, pi] { #expect(abs(row[i] * 10 - (row[i] * 10).rounded()) < 1e-6) }
            last = row
        }
        let advance = last[ti] - first![ti]
        #expect(abs(advance / rateSum - 1) < 0.002, "register \(advance) kWh, rate \(rateSum) kWh")
        // And the error shows against an error-free run of the same seed's physics.
        var truth = try Simulation(plant: p.withoutMeterErrors(), config: s.config, seed: 7, start: s.start, step: 60, duration: 86_400)
        var f2: [Double]?, l2: [Double] = []
        while let _ = truth.next(into: &row) { if f2 == nil { f2 = row }; l2 = row }
        let ratio = advance / (l2[ti] - f2![ti])
        #expect(abs(ratio - (1 + errors[ri])) < 0.0005, "ratio \(ratio), error \(errors[ri])")
    }

    /// Whatever errors the seed gives the meters (each within its class), `check` passes a clean
    /// log: its bands allow for the meters' stated accuracies.
    @Test func checkPassesCleanLogsWhateverTheMetersErrors() throws {
        let p = MOMAPlant.definition
        for seed: UInt64 in 1...8 {
            var s = try sim(p, "retrofit-2019", seed: seed, days: 4, step: 300)
            var check = BalanceCheck(plant: p)
            var row: [Double] = []
            while let t = s.next(into: &row) { check.add(time: t, row: row) }
            let failed = check.findings().filter { $0.verdict == .fail }
            #expect(failed.isEmpty, "seed \(seed) (\(s.meterErrorSummary)): \(failed.map { "\($0.check) \($0.value) vs \($0.limit)" })")
        }
    }

    @Test func compareCountsTheMeterInQuadrature() throws {
        // MOMA's savings are read off the plant meter (class 1): 0.9 % at 90 % confidence.
        let m = try #require(SavingsAnalysis.meterUncertainty90(plant: MOMAPlant.definition, target: "electricity_kwh"))
        #expect(abs(m - 0.009) < 1e-12)
        #expect(abs(SavingsAnalysis.combined(0.04, m) - (0.04 * 0.04 + 0.009 * 0.009).squareRoot()) < 1e-12)
        // Humanwell's gas meter (class 1.5); a ratio or a mix of meters has no single accuracy.
        #expect(abs(SavingsAnalysis.meterUncertainty90(plant: HumanwellPlant.definition, target: "gas_m3")! - 0.0135) < 1e-12)
        #expect(SavingsAnalysis.meterUncertainty90(plant: HumanwellPlant.definition, target: "gas_per_tonne_steam") == nil)
        #expect(SavingsAnalysis.combined(0.04, nil) == 0.04)
    }

    @Test func siteFileRejectsAccuracyOffAMeter() throws {
        let bad = """
        site: {id: x, title: X, utc_offset: "+00:00"}
        tags:
          - {id: t, unit: degC, kind: process, accuracy: 1}
        """
        #expect(throws: (any Error).self) { try SiteLoader.load(text: bad, file: "x.yaml") }
        do { _ = try SiteLoader.load(text: bad, file: "x.yaml") } catch { #expect("\(error)".contains("accuracy is a meter's")) }
    }
}

extension PlantDefinition {
    /// The plant with every meter reading true (for tests that need the truth beside the meters).
    func withoutMeterErrors() -> PlantDefinition {
        var p = self
        p.tags = TagRegistry(tags.tags.map { var t = $0; t.accuracy = nil; return t })
        return p
    }
}
