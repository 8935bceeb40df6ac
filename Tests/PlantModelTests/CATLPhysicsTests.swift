import Foundation
import Testing
@testable import PlantModel

/// CATL's equipment models against independent references, and every simulated hour of every
/// scenario against physical bounds and balances.
@Suite struct CATLPhysicsTests {
    static let plant = PlantCatalog.plant("catl")!
    static func i(_ id: String) -> Int { plant.tags.index(of: id)! }

    /// Steps the simulator hourly over a period and hands each hour's true values to `body`.
    @discardableResult
    func run(_ scenario: String, measures: Set<String>? = nil, from: CivilTime = CivilTime(year: 2021, month: 1, day: 1), days: Int,
             _ body: (Double, WeatherSample, [Double]) -> Void = { _, _, _ in }) -> CATLSimulator {
        let p = CATLPhysicsTests.plant
        let sim = CATLSimulator(config: ScenarioConfig(scenario: scenario, measures: measures ?? p.scenario(scenario)!.measures), seed: 1)
        return stepHourly(sim, plant: p, climate: .yibin, from: from, days: days, body)
    }

    // MARK: equipment against references

    /// Flash from 0.5 MPa(abs) to atmospheric: CoolProp 7 (IF97 backend) gives 0.098024, IAPWS-95 0.097953.
    @Test func flashFractionMatchesCoolProp() {
        let x = Condensate.flashFraction(fromMPa: 0.5, toMPa: 0.101325)
        #expect(abs(x - 0.098024) < 0.0002, "\(x)")
    }

    /// Solids balance: no return → B/S = r/(1 − r); the blowdown falls with the fresh make-up.
    @Test func blowdownFollowsTheSolidsBalance() {
        let r = CATLSteamSystem.solidsRatio
        #expect(abs(Condensate.blowdown(steam: 100, returned: 0, solidsRatio: r) - 100 * r / (1 - r)) < 1e-12)
        let b = Condensate.blowdown(steam: 100, returned: 80, solidsRatio: r)
        // Solids in with the fresh water (S + B − R) at c_m leave with B at c_b = c_m / r.
        #expect(abs((100 + b - 80) * r - b) < 1e-12)
    }

    /// psychrolib 2.5 (Hyland–Wexler): W at a −40 °C frost point 7.8856e-5, at a 10 °C dew point
    /// 7.6301e-3; 30 °C, 60 %: W 1.60409e-2, h 71.193 kJ/kg.
    @Test func moistAirMatchesPsychrolib() {
        #expect(abs(Psychrometrics.humidityRatio(dewPoint: -40) / 7.8856e-5 - 1) < 0.002)
        #expect(abs(Psychrometrics.humidityRatio(dewPoint: 10) / 7.6301e-3 - 1) < 0.003)
        let w = Psychrometrics.humidityRatio(dryBulb: 30, relativeHumidity: 60)
        #expect(abs(w / 1.60409e-2 - 1) < 0.004)
        #expect(abs(Psychrometrics.enthalpy(dryBulb: 30, humidityRatio: w) - 71.193) < 0.15)
    }

    /// The compression-work law reproduces the DOE Sourcebook's rule near 100 psig: 1 % per 2 psi.
    @Test func compressorPressureRuleOfThumb() {
        let c = AirCompressor(ratedPower: 250, ratedFlow: 43)
        let psi = 0.00689476
        let a = c.fullPower(pressure: 100 * psi), b = c.fullPower(pressure: 98 * psi)
        let perTwoPsi = 1 - b / a
        #expect(perTwoPsi > 0.008 && perTwoPsi < 0.012, "\(perTwoPsi)")
        // Part load: load/unload at 50 % draws 65 %; the VSD 55 %; both full at 100 %.
        #expect(abs(c.power(flow: 21.5, pressure: 0.7, control: .loadUnload) / 250 - 0.65) < 1e-12)
        #expect(abs(c.power(flow: 21.5, pressure: 0.7, control: .variableSpeed) / 250 - 0.55) < 1e-12)
        #expect(abs(c.power(flow: 43, pressure: 0.7, control: .loadUnload) - 250) < 1e-9)
    }

    /// A dry room's rotor removes what the coil leaves: summer air is dehumidified to the coil's dew
    /// point, winter air only sensibly cooled; fixed regeneration never draws less than tracking.
    @Test func dryRoomMoistureBalance() {
        let d = CATLUtilities.dryRoom
        let summer = d.operate(outdoorC: 30, outdoorRH: 70, outdoorAirFraction: 1, recirculationFraction: 1, regenerationTracksLoad: true)
        let wc = Psychrometrics.humidityRatio(dewPoint: 10), ws = Psychrometrics.humidityRatio(dewPoint: -40)
        #expect(abs(summer.waterRemoved - 25 * (wc - ws)) < 1e-12)
        let winter = d.operate(outdoorC: 8, outdoorRH: 80, outdoorAirFraction: 1, recirculationFraction: 1, regenerationTracksLoad: true)
        let fixed = d.operate(outdoorC: 8, outdoorRH: 80, outdoorAirFraction: 1, recirculationFraction: 1, regenerationTracksLoad: false)
        #expect(winter.waterRemoved < summer.waterRemoved && winter.regenerationPower < fixed.regenerationPower)
        #expect(abs(fixed.regenerationPower - d.designMoisture * d.regenerationEnergy) < 1e-9)
    }

    // MARK: measures act through the equipment

    /// Intelligent standby changes where idle time goes, not how long the lines coat: the same
    /// production, standby hours appear, holding hours fall.
    @Test func standbyMovesIdleTimeNotProduction() {
        var a = [0.0, 0.0, 0.0, 0.0], b = [0.0, 0.0, 0.0, 0.0]
        let ids = ["ovens_run", "ovens_idle", "ovens_standby", "production_rate"]
        run("baseline", measures: [], days: 60) { _, _, v in for k in 0..<4 { a[k] += v[CATLPhysicsTests.i(ids[k])] } }
        run("baseline", measures: ["coating"], days: 60) { _, _, v in for k in 0..<4 { b[k] += v[CATLPhysicsTests.i(ids[k])] } }
        #expect(a[0] == b[0] && a[3] == b[3], "coating hours \(a[0]) vs \(b[0]); production \(a[3]) vs \(b[3])")
        #expect(a[2] == 0 && b[2] > 0.5 * a[1], "standby: baseline \(a[2]), measure \(b[2]) of \(a[1]) idle")
        #expect(b[1] < 0.3 * a[1], "holding \(a[1]) → \(b[1])")
    }

    /// Scheduling cuts starts (campaigns back to back, only the units needed) — by more than half.
    @Test func schedulingCutsStarts() {
        var a = 0.0, b = 0.0
        run("baseline", measures: [], days: 60) { _, _, v in a += v[CATLPhysicsTests.i("aux_start_rate")] }
        run("baseline", measures: ["scheduling"], days: 60) { _, _, v in b += v[CATLPhysicsTests.i("aux_start_rate")] }
        #expect(b > 0 && b < 0.5 * a, "starts \(a) → \(b)")
    }

    /// CFMS moves set points: warmer chilled water in the dry season, colder condenser water, lower
    /// air pressure, fewer boilers on line.
    @Test func cfmsActsThroughSetPoints() {
        func means(_ m: Set<String>) -> [Double] {
            var s = [0.0, 0.0, 0.0, 0.0]
            run("baseline", measures: m, days: 365) { _, _, v in
                for (k, id) in ["chw_supply_temp", "cw_supply_temp", "air_pressure", "boilers_running"].enumerated() { s[k] += v[CATLPhysicsTests.i(id)] }
            }
            return s.map { $0 / (365 * 24) }
        }
        let off = means([]), on = means(["cfms"])
        #expect(off[0] == 7 && on[0] > 7.5, "chilled water \(off[0]) → \(on[0])")
        #expect(on[1] < off[1] - 3, "condenser water \(off[1]) → \(on[1])")
        #expect(abs(off[2] - 0.75) < 1e-9 && abs(on[2] - 0.62) < 1e-9)
        #expect(off[3] == 4 && on[3] < 4, "boilers \(off[3]) → \(on[3])")
    }

    /// Condensate return raises the feed to ≈ 80 °C and cuts the blowdown from 5.3 % to ≈ 1 % of steam.
    @Test func condensateWarmsTheFeedAndCutsBlowdown() {
        func means(_ m: Set<String>) -> (feed: Double, blowdown: Double) {
            var f = 0.0, b = 0.0, s = 0.0
            run("baseline", measures: m, days: 365) { _, _, v in
                f += v[CATLPhysicsTests.i("feedwater_temp")]
                b += v[CATLPhysicsTests.i("feedwater_flow")] - v[CATLPhysicsTests.i("steam_flow")]
                s += v[CATLPhysicsTests.i("steam_flow")]
            }
            return (f / (365 * 24), b / s)
        }
        let off = means([]), on = means(["condensate"])
        #expect(off.feed < 25 && on.feed > 75 && on.feed < 90, "feed \(off.feed) → \(on.feed) °C")
        #expect(abs(off.blowdown - 0.05 / 0.95) < 1e-9 && on.blowdown < 0.015, "blowdown \(off.blowdown) → \(on.blowdown)")
    }

    // MARK: every hour physically possible

    /// Every hour of both scenarios' year: flue ≥ T_sat + 15 K; direct efficiency = 1 − Siegert − shell
    /// − blowdown; chiller COP ≤ 0.65 × Carnot; condenser water ≥ wet-bulb + 1 K; the electricity
    /// meters = the sum of the loads, the utilities = the sum of their parts; feed = steam + blowdown
    /// ≥ returned condensate; no cooling unmet; the chillers within their curves' data.
    @Test(arguments: ["baseline", "carbon-zero-2021"])
    func everyHourIsPhysical(_ scenario: String) {
        func i(_ id: String) -> Int { CATLPhysicsTests.i(id) }
        let boiler = SteamBoiler(pressure: CATLSteamSystem.pressure, ratedSteam: CATLSteamSystem.boilerRated,
                                 flueRise: CATLSteamSystem.flueRise, shellLossAtFullLoad: CATLSteamSystem.shellLoss)
        var worstFlue = Double.infinity, worstGap = 0.0, worstCarnot = 0.0, worstApproach = Double.infinity
        var worstElec = 0.0, worstUtility = 0.0, badWater = 0
        let sim = run(scenario, days: 365) { _, w, v in
            worstFlue = min(worstFlue, v[i("flue_gas_temp")] - boiler.saturationC)
            let steam = v[i("steam_flow")], feed = v[i("feedwater_flow")]
            worstGap = max(worstGap, boilerBalanceGap(boiler, steam: steam, gas: v[i("gas_flow")], feed: feed, feedC: v[i("feedwater_temp")],
                                                      flueC: v[i("flue_gas_temp")], airC: w.dryBulb, o2: v[i("flue_o2")],
                                                      load: steam / (v[i("boilers_running")] * CATLSteamSystem.boilerRated)))
            if !(feed >= steam && v[i("condensate_flow")] <= feed) { badWater += 1 }
            let cop = v[i("cooling_load")] / v[i("chillers_power")]
            let carnot = ReformulatedEIRChiller.carnotCOP(lchw: v[i("chw_supply_temp")], lcw: v[i("cw_return_temp")])
            worstCarnot = max(worstCarnot, cop / carnot)
            worstApproach = min(worstApproach, v[i("cw_supply_temp")] - w.wetBulb)
            let loads = v[i("process_power")] + v[i("aux_power")] + v[i("coating_power")] + v[i("utility_power")]
            worstElec = max(worstElec, abs(v[i("elec_hydro_power")] + v[i("elec_grid_power")] - loads) / loads)
            let parts = v[i("chiller_plant_power")] + v[i("compressors_power")] + v[i("dryroom_power")]
            worstUtility = max(worstUtility, abs(parts - v[i("utility_power")]) / parts)
        }
        print("CATL \(scenario): flue ≥ T_sat + \(worstFlue) K; boiler balance \(worstGap); COP ≤ \(worstCarnot) × Carnot; approach ≥ \(worstApproach) K; extrapolated \(sim.extrapolatedSteps) h, Carnot-limited \(sim.carnotLimitedSteps) h")
        #expect(worstFlue >= 15, "\(scenario): flue only \(worstFlue) K above saturation")
        #expect(worstGap < 1e-9, "\(scenario): direct vs indirect \(worstGap)")
        #expect(worstCarnot <= 0.65 + 1e-9, "\(scenario): COP \(worstCarnot) of Carnot")
        #expect(worstApproach >= 1, "\(scenario): tower approach \(worstApproach) K")
        #expect(worstElec < 1e-12 && worstUtility < 1e-12)
        #expect(badWater == 0)
        #expect(sim.unmetKWh < 1e-6, "unmet \(sim.unmetKWh) kWh")
        #expect(sim.extrapolatedSteps == 0 && sim.carnotLimitedSteps == 0, "\(sim.extrapolatedSteps) h outside the curves' data, \(sim.carnotLimitedSteps) h at the Carnot bound")
    }
}
