/// The MOMA chiller plant, step by step, on Beijing weather.
///
/// Building load (kW) = scale · (base + sensible share above 20 °C dry-bulb + latent share of the
/// fresh air above 15 °C wet-bulb) · a residential daily profile (evening peak), with a seeded
/// disturbance; both scenarios see exactly the same load at the same instant. The plant runs
/// May 1 – Sep 30 only. Chillers follow the EIR model (energy-reference.md §3); condenser water
/// leaves the towers at wet-bulb + approach.
///
/// Calibration (MOMACalibrationTests, May 1 – Sep 30, seed 1, hourly step): a load scale of
/// 640 kW gives legacy 808 MWh − retrofit 196 MWh = 611 MWh saved (published 608.2 MWh).
/// The published saving is large next to one 981 kW chiller's consumption because the legacy
/// plant's constant-speed pumps (≈ 130 kW whenever it runs) are in it, as plants.md notes.
public struct MOMASimulator: PlantSimulator {
    let retrofit: Bool
    var loadNoise: LoadNoise
    var chillers: [ChillerEIR]
    let chwPrimary: Pump
    let cwPump: Pump
    let secondaryLow: Pump
    let secondaryHigh: Pump
    let tower: CoolingTower
    var lastECW = 26.0

    public static let loadScale = 640.0
    /// Design flows of one legacy chiller: 981 kW at 5 K ΔT, condenser at 1.25×.
    static let chwDesignFlow = 981 / (5 * 1.163)
    static let cwDesignFlow = 1.25 * chwDesignFlow

    /// The worn legacy unit: DOE-2 centrifugal curves at 981 kW, COP 3.93 (= 981 / 249.9).
    public static let legacyChiller = ChillerCurveSet.doe2Centrifugal.scaled(capacity: 981, cop: 981 / 249.9, name: "legacy centrifugal 981 kW/3.93")
    /// Maglev proxy: Carrier 19XR VSD curves renormalised, 1055 kW (300 RT), COP 6.6 at 10/26.67 °C.
    public static let maglevChiller = ChillerCurveSet.carrier19XRVSD.normalised().scaled(capacity: 1055, cop: 6.6, name: "maglev centrifugal 1055 kW (19XR VSD curves)")
    /// Screw: Carrier 23XL curves renormalised, 981 kW, COP 5.6 at 6.67/29.44 °C.
    public static let screwChiller = ChillerCurveSet.carrier23XL.normalised().scaled(capacity: 981, cop: 5.6, name: "screw 981 kW (23XL curves)")

    public init(config: ScenarioConfig, seed: UInt64) {
        retrofit = config.scenario == "retrofit-2019"
        loadNoise = LoadNoise(seed: seed &+ 31, hours: 4)
        if retrofit {
            chillers = [ChillerEIR(MOMASimulator.maglevChiller), ChillerEIR(MOMASimulator.screwChiller)]
        } else {
            chillers = [ChillerEIR(MOMASimulator.legacyChiller), ChillerEIR(MOMASimulator.legacyChiller)]
        }
        chwPrimary = Pump(ratedPower: 30, ratedFlow: MOMASimulator.chwDesignFlow, variableSpeed: retrofit)
        cwPump = Pump(ratedPower: 37, ratedFlow: MOMASimulator.cwDesignFlow, variableSpeed: retrofit)
        secondaryLow = Pump(ratedPower: 22, ratedFlow: 200, variableSpeed: retrofit)
        secondaryHigh = Pump(ratedPower: 30, ratedFlow: 180, variableSpeed: retrofit)
        tower = CoolingTower(designHeat: 1231, designApproach: 4, fanPower: 11, variableSpeedFan: retrofit)
    }

    /// Cooling demand of the two buildings, kW.
    public static func buildingLoad(weather w: WeatherSample, hour: Double, noise: Double) -> Double {
        let sensible = 0.040 * max(0, w.dryBulb - 20)
        let latent = 0.045 * max(0, w.wetBulb - 15)
        let profile = 0.9 + 0.12 * cos(2 * Double.pi * (hour - 20) / 24) + 0.05 * cos(2 * Double.pi * (hour - 14) / 12)
        return max(0, loadScale * (0.16 + sensible + latent) * profile * (1 + 0.06 * noise))
    }

    public mutating func step(at t: Double, dt: Double, weather w: WeatherSample, faults: FaultSchedule, into v: inout [Double]) {
        let civil = CivilTime(epoch: t, offset: 8 * 3600)
        let hour = Double(civil.hour) + Double(civil.minute) / 60
        let noise = loadNoise.next(dt: dt)
        v[0] = w.dryBulb; v[1] = w.relativeHumidity; v[2] = w.wetBulb
        guard (5...9).contains(civil.month) else {
            // Out of season the plant is off and the loops sit at plant-room temperature.
            let idle = 18 + 0.2 * w.dryBulb
            v[3] = idle; v[4] = idle; v[5] = 0; v[6] = idle; v[7] = idle
            for i in [8, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21] { v[i] = 0 }
            return
        }
        let fouling = 4 * faults.severity(.condenserFouling, at: t)
        for i in chillers.indices { chillers[i].foulingK = fouling }
        let load = MOMASimulator.buildingLoad(weather: w, hour: hour, noise: noise)
        let lchw = retrofit ? (load < 600 ? 9.0 : 8.0) : 7.0
        let ecw = lastECW

        // Staging: lead machine alone up to 90 % of what it can give, then both at equal PLR.
        let cap0 = chillers[0].availableCapacity(lchw: lchw, ecw: ecw)
        let cap1 = chillers[1].availableCapacity(lchw: lchw, ecw: ecw)
        let running = load <= 0.9 * cap0 ? 1 : 2
        var ops: [ChillerEIR.Operation] = []
        if running == 1 {
            ops = [chillers[0].operate(load: load, lchw: lchw, ecw: ecw), .init(cooling: 0, power: 0, plr: 0, availableCapacity: cap1)]
        } else {
            let share = load / (cap0 + cap1)
            ops = [chillers[0].operate(load: share * cap0, lchw: lchw, ecw: ecw), chillers[1].operate(load: share * cap1, lchw: lchw, ecw: ecw)]
        }
        let cooling = ops[0].cooling + ops[1].cooling
        let chillerPower = ops[0].power + ops[1].power
        let rejected = ops[0].condenserHeat + ops[1].condenserHeat

        // Pumps and towers.
        let designCooling = 981.0 * Double(running)
        var chwFlow: Double, cwFlow: Double, pumpsCHW: Double, pumpsCW: Double, towers: Double
        let demand = cooling / designCooling
        let secondaryDemand = cooling / 1900
        if retrofit {
            chwFlow = chwPrimary.flow(demand: demand) * Double(running)
            cwFlow = cwPump.flow(demand: max(0.5, demand)) * Double(running)
            pumpsCHW = chwPrimary.power(flowFraction: demand) * Double(running)
                + secondaryLow.power(flowFraction: secondaryDemand) + secondaryHigh.power(flowFraction: secondaryDemand)
            pumpsCW = cwPump.power(flowFraction: max(0.5, demand)) * Double(running)
            // Automatic control runs both towers, fans at the speed the heat needs.
            let perTower = rejected / 2
            let speed = max(0.3, perTower / tower.designHeat)
            let op = tower.operate(heat: perTower, wetBulb: w.wetBulb, fanSpeed: speed)
            lastECW = op.leaving
            towers = 2 * op.fanPower
        } else {
            chwFlow = chwPrimary.flow(demand: 1) * Double(running)
            cwFlow = cwPump.flow(demand: 1) * Double(running)
            pumpsCHW = chwPrimary.power(flowFraction: 1) * Double(running) + secondaryLow.ratedPower + secondaryHigh.ratedPower
            pumpsCW = cwPump.power(flowFraction: 1) * Double(running)
            let op = tower.operate(heat: rejected / Double(running), wetBulb: w.wetBulb)
            lastECW = op.leaving
            towers = op.fanPower * Double(running)
        }
        let plant = chillerPower + pumpsCHW + pumpsCW + towers
        v[3] = lchw
        v[4] = lchw + cooling / (chwFlow * 1.163)
        v[5] = chwFlow
        v[6] = ecw
        v[7] = ecw + rejected / (cwFlow * 1.163)
        v[8] = cooling
        v[10] = ops[0].power
        v[11] = ops[1].power
        v[12] = chillerPower
        v[14] = pumpsCHW
        v[15] = pumpsCW
        v[16] = towers
        v[17] = plant
        v[19] = ops[0].power > 0 ? 1 : 0
        v[20] = ops[1].power > 0 ? 1 : 0
        v[21] = Double(2 * running + 2)
    }
}
