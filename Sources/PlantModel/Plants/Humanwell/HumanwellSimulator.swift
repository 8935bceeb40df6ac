/// The Humanwell boiler house, step by step.
///
/// Steam demand = process load following the two-shift schedule + space/HVAC heating on cold
/// days + a base load. Make-up water (= steam + 4 % blowdown; no condensate returns at this site)
/// is mains water, pre-heated by whatever heat recovery the scenario has. Recovered drains pass a
/// collection tank (losing heat) and are blended with cold water to at most 65 °C before the
/// recovery pump, which cavitated on hotter water. Gas follows from the boiler's energy balance.
///
/// Calibration (HumanwellCalibrationTests, full year, seed 1, hourly step): η_ref = 0.855 at
/// LHV 35.544 MJ/m³ gives 91.02 m³/t for 2019 (published 91.03), best month August 88.9
/// (published 88.29); the drain and compressor-heat flows give 87.2 (87.0) and 85.7 (85.9).
public struct HumanwellSimulator: PlantSimulator {
    let lyoDrains: Bool, lowDoseDrains: Bool, compressorHeat: Bool
    var boiler: BoilerModel
    var demandNoise: LoadNoise
    var drainNoise: LoadNoise
    var o2Noise: LoadNoise
    let schedule = ProductionSchedule.pharmaTwoShift
    let lhv = EnergyFactors().gasLHV
    var lastFeed = 15.0

    /// Recovery pump protection limit, °C.
    public static let pumpLimit = 65.0
    /// Heat lost in the drain collection tank and piping, K.
    public static let collectionLossK = 6.0
    public static let blowdown = 0.04

    public init(config: ScenarioConfig, seed: UInt64) {
        lyoDrains = config.has("lyo-drains")
        lowDoseDrains = config.has("lowdose-drains")
        compressorHeat = config.has("compressor-heat")
        boiler = BoilerModel(steamPressure: 1.0, referenceEfficiency: 0.8552, ratedSteam: 10)
        boiler.shellLossAtFullLoad = 0.006
        demandNoise = LoadNoise(seed: seed &+ 11, hours: 3)
        drainNoise = LoadNoise(seed: seed &+ 12, hours: 2)
        o2Noise = LoadNoise(seed: seed &+ 13, hours: 6)
    }

    public mutating func step(at t: Double, dt: Double, weather w: WeatherSample, faults: FaultSchedule, into v: inout [Double]) {
        let activity = schedule.activity(at: t)
        let heating = 0.05 * max(0, 14 - w.dryBulb)
        let steam = max(0.4, 1.95 + 2.6 * activity + heating + 0.25 * demandNoise.next(dt: dt))
        let load = steam / boiler.ratedSteam
        let makeup = steam * (1 + HumanwellSimulator.blowdown)

        // Recovered streams (t/h, °C). Drains flow while the workshops produce.
        let tripped = faults.severity(.recoveryPumpTrip, at: t) > 0
        let dn = 1 + 0.08 * drainNoise.next(dt: dt)
        var drains: [WaterStream] = []
        if lyoDrains {
            drains.append(WaterStream(flow: (0.57 + 1.28 * activity) * dn, temperature: 60))
            drains.append(WaterStream(flow: (0.45 + 0.95 * activity) * dn, temperature: 80))
        }
        if lowDoseDrains {
            drains.append(WaterStream(flow: (0.05 + 0.12 * activity) * dn, temperature: 90))
        }
        let table = boiler.feedwater
        var recovered = WaterStream(flow: 0, temperature: w.mainsWater)
        if !drains.isEmpty && !tripped {
            var tank = Mixing.mix(drains, table: table)
            tank.temperature -= HumanwellSimulator.collectionLossK
            let r = Mixing.coolingRatio(hot: tank.temperature, cold: w.mainsWater, limit: HumanwellSimulator.pumpLimit, table: table)
            recovered = Mixing.mix(tank, WaterStream(flow: tank.flow * r, temperature: w.mainsWater), table: table)
        }
        // Compressor heat: a closed loop heats make-up water to 65 °C, ≈ 110 kW recovered.
        var compressor = WaterStream(flow: 0, temperature: w.mainsWater)
        if compressorHeat {
            let kW = 45.0 * (0.6 + 0.4 * activity)
            let dh = table.enthalpy(celsius: 65) - table.enthalpy(celsius: w.mainsWater)
            compressor = WaterStream(flow: kW * 3.6 / dh, temperature: 65)
        }
        // The make-up tank takes hot streams first; surplus overflows, mains tops up the rest.
        var hotFlow = recovered.flow + compressor.flow
        var hot = Mixing.mix(recovered, compressor, table: table)
        if hotFlow > makeup { hotFlow = makeup; hot.flow = makeup }
        let cold = WaterStream(flow: makeup - hotFlow, temperature: w.mainsWater)
        // The tank and pumps add ≈ 0.8 K; the tank's mass smooths the feed over ~20 minutes.
        let mixed = Mixing.mix(hot, cold, table: table).temperature + 0.8
        let a = exp(-dt / 1200)
        let feed = a * lastFeed + (1 - a) * mixed
        lastFeed = feed

        let foulK = 40 * faults.severity(.boilerFouling, at: t)
        let flue = 148 + 45 * load + 0.1 * w.dryBulb + foulK
        let o2 = 3.0 + 0.6 * (1 - load) + 0.25 * o2Noise.next(dt: dt)
        let eta = boiler.efficiency(load: load, flueC: flue, airC: w.dryBulb, o2: o2)
        let gas = boiler.gasFlow(steam: steam, feedwaterC: feed, efficiency: eta, lhvMJ: lhv)

        v[0] = steam
        v[2] = gas
        v[4] = 0.9 - 0.02 * (load - 0.35)
        v[5] = feed
        v[6] = makeup
        v[7] = w.mainsWater
        v[8] = recovered.flow > 0 ? min(recovered.flow, makeup) : 0
        v[9] = recovered.flow > 0 ? recovered.temperature : w.mainsWater
        v[10] = compressorHeat ? 65 : w.mainsWater
        v[11] = flue
        v[12] = o2
        v[13] = w.dryBulb
        v[14] = load > 0.3 ? 2 : 1
        v[15] = recovered.flow > 0 ? 1 : 0
        v[16] = 18 + 30 * load
    }
}
