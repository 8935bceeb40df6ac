/// The Humanwell boiler house, step by step.
///
/// Steam demand = process load following the two-shift schedule + space/HVAC heating on cold
/// days + a base load. Make-up water (= steam + 4 % blowdown; no condensate returns at this site)
/// is mains water, pre-heated by whatever heat recovery is in service. Recovered drains pass a
/// collection tank that loses heat to the plant room (UA = `collectionUA`), then are blended with
/// cold water to at most 65 °C before the recovery pump, which cavitated on hotter water — so on hot
/// days, when the tank loses less, the blending valve opens. Gas follows from the boiler's
/// indirect-method balance (`SteamBoiler`): Siegert stack loss from the flue temperature and O₂,
/// shell loss, and blowdown charged at h_f − h_fw.
///
/// Stages are phased as published: lyophilisation drains from 1 May 2020, low-dose drains from
/// 1 April 2021, compressor heat from 1 May 2021. In a stage's commissioning year it is off before
/// that date; in other years a scenario that has it runs it all year (so recovery-2021 can be run on
/// 2019's weather to compare like with like).
///
/// Mains water: see Climate.yichang (an assumption fitted to the case's best month, stated there).
///
/// Calibration (HumanwellCalibrationTests, each scenario over its own year, seed 1, hourly step):
/// see `flueRise` and the drain flows below.
struct HumanwellSimulator: PlantSimulator {
    let lyoDrains: Bool, lowDoseDrains: Bool, compressorHeat: Bool
    var boiler: SteamBoiler
    var demandNoise: LoadNoise
    var drainNoise: LoadNoise
    var o2Noise: LoadNoise
    let schedule = ProductionSchedule.pharmaTwoShift
    let lhv = EnergyFactors().gasLHV
    var lastFeed = 15.0

    /// Recovery pump protection limit, °C.
    static let pumpLimit = 65.0
    /// Heat-loss coefficient of the drain collection tank and its piping to the plant room, kW/K
    /// (an insulated ≈ 10 m³ tank and ≈ 200 m of DN80 pipe [assumption]).
    static let collectionUA = 0.30
    /// Blowdown as a fraction of steam (TDS control on softened mains water, 3–8 % typical [M]).
    static let blowdown = 0.04
    /// Flue-gas rise above saturation at full load, K. Fitted: 2019 (baseline-2019) annual
    /// 91.03 m³/t (HumanwellCalibrationTests.baseline2019).
    static let flueRise = 95.0
    /// Shell loss at full load (ABMA chart, ≈ 1–1.5 % for a ~10 t/h shell boiler [M]).
    static let shellLoss = 0.015
    /// Drain flows (unknown inputs, fitted): the lyophilisation drains' scale to 2020's annual
    /// 87.0 m³/t with stage 1 from May (recovery2020), the low-dose drains' to 2021's 85.9 (recovery2021).
    static let lyoDrainScale = 0.8
    static let lowDoseDrainScale = 0.5
    /// Commissioning dates (the case): lyophilisation drains May 2020, low-dose drains April 2021,
    /// compressor heat May 2021.
    static let commissioning: [String: CivilTime] = [
        "lyo-drains": CivilTime(year: 2020, month: 5, day: 1),
        "lowdose-drains": CivilTime(year: 2021, month: 4, day: 1),
        "compressor-heat": CivilTime(year: 2021, month: 5, day: 1),
    ]
    /// Steps on which the pump-protection blending valve added cold water.
    private(set) var blendingSteps = 0

    /// Whether a stage the scenario has is in service at `t` (see the phasing rule above).
    static func inService(_ measure: String, at t: Double) -> Bool {
        guard let c = commissioning[measure] else { return true }
        let year = CivilTime(epoch: t, offset: 8 * 3600).year
        return year != c.year || t >= c.epoch(offset: 8 * 3600)
    }

    public init(config: ScenarioConfig, seed: UInt64) {
        lyoDrains = config.has("lyo-drains")
        lowDoseDrains = config.has("lowdose-drains")
        compressorHeat = config.has("compressor-heat")
        boiler = SteamBoiler(pressure: 1.0, ratedSteam: 10, flueRise: HumanwellSimulator.flueRise,
                             shellLossAtFullLoad: HumanwellSimulator.shellLoss)
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
        let lyoDrains = self.lyoDrains && HumanwellSimulator.inService("lyo-drains", at: t)
        let lowDoseDrains = self.lowDoseDrains && HumanwellSimulator.inService("lowdose-drains", at: t)
        let compressorHeat = self.compressorHeat && HumanwellSimulator.inService("compressor-heat", at: t)
        if lyoDrains {
            let f = HumanwellSimulator.lyoDrainScale
            drains.append(WaterStream(flow: f * (0.57 + 1.28 * activity) * dn, temperature: 60))
            drains.append(WaterStream(flow: f * (0.45 + 0.95 * activity) * dn, temperature: 80))
        }
        if lowDoseDrains {
            drains.append(WaterStream(flow: HumanwellSimulator.lowDoseDrainScale * (0.05 + 0.12 * activity) * dn, temperature: 90))
        }
        let table = boiler.water
        var recovered = WaterStream(flow: 0, temperature: w.mainsWater)
        if !drains.isEmpty && !tripped {
            var tank = Mixing.mix(drains, table: table)
            // Steady tank: T = T_room + (T_in − T_room)·e^(−UA/(ṁ·c_p)); plant room ≈ outdoor + 5 K.
            let room = w.dryBulb + 5
            let mcp = tank.flow / 3.6 * 4.18
            tank.temperature = room + (tank.temperature - room) * exp(-HumanwellSimulator.collectionUA / max(mcp, 0.05))
            let r = Mixing.coolingRatio(hot: tank.temperature, cold: w.mainsWater, limit: HumanwellSimulator.pumpLimit, table: table)
            if r > 0 { blendingSteps += 1 }
            recovered = Mixing.mix(tank, WaterStream(flow: tank.flow * r, temperature: w.mainsWater), table: table)
        }
        // Compressor heat: a closed loop heats make-up water to 65 °C, 27–45 kW recovered with activity.
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
        let flue = boiler.flueTemperature(load: load, foulingK: foulK)
        let o2 = 4.0 + 0.8 * (1 - load) + 0.25 * o2Noise.next(dt: dt)
        let op = boiler.operate(steam: steam, blowdown: makeup - steam, feedC: feed, flueC: flue, airC: w.dryBulb, o2: o2,
                                load: load, lhvMJ: lhv)
        let gas = op.gas

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
