import Testing
@testable import PlantModel

@Suite struct HumanwellPhysicsTests {
    func run(_ scenario: String, from: CivilTime, days: Int, _ body: (Double, WeatherSample, [Double]) -> Void = { _, _, _ in }) -> HumanwellSimulator {
        let plant = PlantCatalog.plant("humanwell")!
        let sim = HumanwellSimulator(config: ScenarioConfig(scenario: scenario, measures: plant.scenario(scenario)!.measures), seed: 1)
        return stepHourly(sim, plant: plant, climate: .yichang, from: from, days: days, body)
    }

    /// The pump-protection blending of the case happens, and more on hot days, when the collection
    /// tank loses least. (Stage 1's 60/80 °C drains alone need it only in summer.)
    @Test func blendingHappensOnHotDays() {
        let july = run("recovery-2021", from: CivilTime(year: 2021, month: 7, day: 1), days: 31).blendingSteps
        let january = run("recovery-2021", from: CivilTime(year: 2021, month: 1, day: 1), days: 31).blendingSteps
        #expect(july >= 24, "July: \(july) h blended")
        #expect(july > january, "July \(july) h, January \(january) h blended")
        let stage1July = run("recovery-2020", from: CivilTime(year: 2020, month: 7, day: 1), days: 31).blendingSteps
        let stage1January = run("recovery-2020", from: CivilTime(year: 2021, month: 1, day: 1), days: 31).blendingSteps
        #expect(stage1July > 0 && stage1January == 0, "stage 1: July \(stage1July) h, January \(stage1January) h")
        let recovered = PlantCatalog.plant("humanwell")!.tags.index(of: "recovery_temp")!
        var hottest = 0.0
        _ = run("recovery-2021", from: CivilTime(year: 2021, month: 7, day: 1), days: 31) { _, _, v in hottest = max(hottest, v[recovered]) }
        #expect(abs(hottest - HumanwellSimulator.pumpLimit) < 0.05, "blended water reaches \(hottest) °C")
    }

    /// Every hour of every scenario's year: flue gas ≥ T_sat + 15 K (no economiser), and the direct
    /// efficiency equals 1 − Siegert stack loss − shell loss − blowdown loss from the logged values.
    @Test(arguments: [("baseline-2019", 2019), ("recovery-2020", 2020), ("recovery-2021", 2021)])
    func everyHourBalances(_ scenario: String, _ year: Int) {
        let tags = PlantCatalog.plant("humanwell")!.tags
        func i(_ id: String) -> Int { tags.index(of: id)! }
        let boiler = SteamBoiler(pressure: 1.0, ratedSteam: 10, flueRise: HumanwellSimulator.flueRise, shellLossAtFullLoad: HumanwellSimulator.shellLoss)
        var worstFlue = Double.infinity, worstGap = 0.0
        _ = run(scenario, from: CivilTime(year: year, month: 1, day: 1), days: 365) { _, w, v in
            worstFlue = min(worstFlue, v[i("flue_gas_temp")] - boiler.saturationC)
            let steam = v[i("steam_flow")]
            worstGap = max(worstGap, boilerBalanceGap(boiler, steam: steam, gas: v[i("gas_flow")], feed: v[i("makeup_flow")], feedC: v[i("feedwater_temp")],
                                                      flueC: v[i("flue_gas_temp")], airC: w.dryBulb, o2: v[i("flue_o2")], load: steam / 10))
        }
        #expect(worstFlue >= 15, "\(scenario): flue only \(worstFlue) K above saturation")
        #expect(worstGap < 1e-9, "\(scenario): direct vs indirect \(worstGap)")
    }
}
