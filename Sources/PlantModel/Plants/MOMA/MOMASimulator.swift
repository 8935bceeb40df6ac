/// The MOMA chiller plant, step by step, on Beijing weather.
///
/// Building load (kW) = scale · (base + sensible share above 20 °C dry-bulb + latent share of the
/// fresh air above 15 °C wet-bulb) · a residential daily profile (evening peak), with a seeded
/// disturbance; both scenarios see exactly the same load at the same instant. The plant runs
/// May 1 – Sep 30 only. The scale is the one fitted constant: the buildings' load is not published.
///
/// Equipment (README "MOMA physics"):
/// - chillers: EnergyPlus Chiller:Electric:ReformulatedEIR curves re-expressed from EnergyPlus dataset
///   curves by least squares (`ChillerCurvesFitted.swift`, `Scripts/fit-chiller-curves.py`; PNNL Copper
///   was tried and rejected, README "MOMA physics"); the legacy pair worn to 70 % of
///   nameplate capacity and efficiency as the case says ("decreased by approx. 30 %");
/// - pumps: ρ·g·H·V̇ ÷ (η_pump·η_motor·η_drive) on system curves (`Pump`); legacy constant speed,
///   retrofit variable speed with minimum flows; primary flow ≥ secondary flow (decoupler);
/// - towers: Merkel effectiveness–NTU (`CoolingTower`) against the wet-bulb; legacy single-speed fans
///   on a 25 °C thermostat (the DOE-2 curves' lower condenser limit is 24 °C), one tower per running chiller; retrofit both towers, variable-speed fans
///   holding wet-bulb + 3 K (not below 18 °C) with a bypass below that;
/// - staging with minimum run and off times (`ChillerStaging`).
struct MOMASimulator: PlantSimulator {
    let retrofit: Bool
    var loadNoise: LoadNoise
    public private(set) var chillers: [ReformulatedEIRChiller]
    var staging: ChillerStaging
    let chwPrimary: Pump
    let cwPump: Pump
    let secondaryLow: Pump
    let secondaryHigh: Pump
    let tower: CoolingTower
    var lastECW = 24.0
    /// Steps (in season) whose chiller operation left the fitted curve range, hit the Carnot bound,
    /// or could not meet the load; the kWh of cooling not met.
    private(set) var extrapolatedSteps = 0
    private(set) var carnotLimitedSteps = 0
    private(set) var seasonSteps = 0
    private(set) var unmetKWh = 0.0

    /// Fitted: legacy-2018 − retrofit-2019 electricity May–Sep at seed 1 = 608,162 kWh (MOMACalibrationTests).
    static let loadScale = 1080.0
    /// Wear of the legacy machines: capacity and efficiency at 70 % of nameplate (the case: "the user
    /// and nominal modes of operation of the unit decreased by approx. 30 %").
    static let legacyWear = 0.70
    /// Beijing summer design wet-bulb for air conditioning, 26.4 °C (GB 50736-2012, Appendix A [M]).
    static let designWetBulb = 26.4

    static let legacyChiller = ReformulatedEIRCurves.legacyCentrifugal
    static let maglevChiller = ReformulatedEIRCurves.maglevCentrifugal
    static let screwChiller = ReformulatedEIRCurves.screw
    /// One worn legacy machine as installed.
    static let legacyMachine = ReformulatedEIRChiller(legacyChiller, capacityFactor: legacyWear, efficiencyFactor: legacyWear)

    /// Chilled-water primary pump per chiller: design flow of a 981 kW machine at 5 K, 25 m head
    /// (evaporator ≈ 6 m + plant-room piping and fittings); condenser pump per chiller: condenser
    /// flow of 981 + 250 kW at 5 K, 28 m head of which 5 m static (tower basin to spray nozzles).
    /// Secondary zones: low 95 m³/h at 26 m, high 70 m³/h at 36 m (building 12#'s upper floors).
    /// Heads are engineering assumptions for a plant of this size [M], not published.
    static let chwDesignFlow = 981 / (5 * 1.163)
    static let cwDesignFlow = 1231 / (5 * 1.163)

    public init(config: ScenarioConfig, seed: UInt64) {
        retrofit = config.scenario == "retrofit-2019"
        loadNoise = LoadNoise(seed: seed &+ 31, hours: 4)
        if retrofit {
            chillers = [ReformulatedEIRChiller(MOMASimulator.maglevChiller), ReformulatedEIRChiller(MOMASimulator.screwChiller)]
            staging = ChillerStaging(upAt: 0.92, downAt: 0.70, minRun: 1800, minOff: 900)
        } else {
            chillers = [MOMASimulator.legacyMachine, MOMASimulator.legacyMachine]
            staging = ChillerStaging(upAt: 0.95, downAt: 0.70, minRun: 3600, minOff: 1800)
        }
        let vsd = retrofit
        chwPrimary = Pump(designFlow: MOMASimulator.chwDesignFlow, designHead: 25, staticHead: 0, variableSpeed: vsd, minFlow: 0.5)
        cwPump = Pump(designFlow: MOMASimulator.cwDesignFlow, designHead: 28, staticHead: 5, variableSpeed: vsd, minFlow: 0.5)
        // Secondary loops hold a differential-pressure set point of 35 % of design head.
        secondaryLow = Pump(designFlow: 95, designHead: 26, staticHead: 0.35 * 26, variableSpeed: vsd, minFlow: 0.3)
        secondaryHigh = Pump(designFlow: 70, designHead: 36, staticHead: 0.35 * 36, variableSpeed: vsd, minFlow: 0.3)
        tower = CoolingTower(designHeat: 1231, designWaterFlow: MOMASimulator.cwDesignFlow, designWetBulb: MOMASimulator.designWetBulb,
                             designApproach: 3.6, fanPower: 7.5)
    }

    /// Cooling demand of the two buildings, kW.
    static func buildingLoad(weather w: WeatherSample, hour: Double, noise: Double) -> Double {
        let sensible = 0.040 * max(0, w.dryBulb - 20)
        let latent = 0.045 * max(0, w.wetBulb - 15)
        let profile = 0.9 + 0.12 * cos(2 * Double.pi * (hour - 20) / 24) + 0.05 * cos(2 * Double.pi * (hour - 14) / 12)
        return max(0, loadScale * (0.16 + sensible + latent) * profile * (1 + 0.06 * noise))
    }

    /// Leaving chilled water, °C: legacy fixed at 7 °C; the retrofit's platform resets it from
    /// 10 °C at light load to 8 °C at 1,200 kW (radiant ceilings take warm water).
    func lchwSetpoint(load: Double) -> Double {
        retrofit ? 10 - 2 * min(1, load / 1200) : 7
    }

    /// Condenser water set point the tower fans hold, °C.
    func towerSetpoint(wetBulb: Double) -> Double {
        retrofit ? max(wetBulb + 3, 18) : 25
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
            staging.stop(at: t)
            return
        }
        seasonSteps += 1
        let fouling = 4 * faults.severity(.condenserFouling, at: t)
        for i in chillers.indices { chillers[i].foulingK = fouling }
        let load = MOMASimulator.buildingLoad(weather: w, hour: hour, noise: noise)
        let lchw = lchwSetpoint(load: load)
        let k = WaterProperties.volumetricHeat(celsius: lchw + 2)

        let leadCap = chillers[0].availableCapacity(lchw: lchw, lcw: lastECW + 5)
        let lagOn = staging.update(at: t, load: load, leadCapacity: leadCap)
        let running = lagOn ? 2 : 1

        // Chilled water: secondary flow for a 5 K building ΔT (legacy: constant pumps, fixed flow).
        let secondaryDemand = retrofit ? load / (k * 5) : secondaryLow.designFlow + secondaryHigh.designFlow
        let lowShare = secondaryLow.designFlow / (secondaryLow.designFlow + secondaryHigh.designFlow)
        let secLow = secondaryLow.operate(demand: lowShare * secondaryDemand)
        let secHigh = secondaryHigh.operate(demand: (1 - lowShare) * secondaryDemand)
        let secondaryFlow = secLow.flow + secHigh.flow
        // Primary: at least the secondary flow (the decoupler carries the surplus), each evaporator ≥ its minimum.
        let primary = chwPrimary.operate(demand: secondaryFlow / Double(running))
        let chwFlow = primary.flow * Double(running)

        // Chillers, condenser pumps and towers, iterated on the condenser water temperature.
        var ecw = lastECW
        var ops: [ReformulatedEIRChiller.Operation] = []
        var cw = Pump.Operation(flow: 0, head: 0, speed: 0, power: 0)
        var towerOp = CoolingTower.Operation(leaving: ecw, fanPower: 0, fanSpeed: 0)
        var towersRunning = 1
        for _ in 0..<4 {
            let caps = (0..<running).map { chillers[$0].availableCapacity(lchw: lchw, lcw: ecw + 5) }
            let served = min(load, caps.reduce(0, +) * (retrofit ? chillers[0].curves.maxPLR : 1))
            let share = served / caps.reduce(0, +)
            let cwDemand = retrofit ? 1.2 * share * caps[0] / (k * 5) : cwPump.designFlow
            cw = cwPump.operate(demand: cwDemand)
            ops = (0..<running).map { chillers[$0].operate(load: share * caps[$0], lchw: lchw, ecw: ecw, cwFlow: cw.flow) }
            let rejected = ops.reduce(0) { $0 + $1.condenserHeat }
            let totalCW = cw.flow * Double(running)
            towersRunning = retrofit ? 2 : running
            let perTower = tower.operate(heat: rejected / Double(towersRunning), waterFlow: totalCW / Double(towersRunning),
                                         wetBulb: w.wetBulb, setpoint: towerSetpoint(wetBulb: w.wetBulb), variableSpeed: retrofit)
            towerOp = perTower
            // Retrofit: a tower bypass valve keeps the condenser water at its set point when even
            // still fans overcool it. Legacy has none.
            let next = retrofit ? max(perTower.leaving, towerSetpoint(wetBulb: w.wetBulb)) : perTower.leaving
            if abs(next - ecw) < 0.02 { ecw = next; break }
            ecw = next
        }
        lastECW = ecw
        while ops.count < 2 { ops.append(.off(capacity: 0, ecw: ecw)) }
        let cooling = ops[0].cooling + ops[1].cooling
        unmetKWh += max(0, load - cooling) * dt / 3600
        if ops.contains(where: \.extrapolated) { extrapolatedSteps += 1 }
        if ops.contains(where: \.carnotLimited) { carnotLimitedSteps += 1 }
        let chillerPower = ops[0].power + ops[1].power
        let rejected = ops[0].condenserHeat + ops[1].condenserHeat
        let totalCW = cw.flow * Double(running)
        let pumpsCHW = primary.power * Double(running) + secLow.power + secHigh.power
        let pumpsCW = cw.power * Double(running)
        let towers = towerOp.fanPower * Double(towersRunning)
        let plant = chillerPower + pumpsCHW + pumpsCW + towers
        let kc = WaterProperties.volumetricHeat(celsius: ecw + 3)
        v[3] = lchw
        v[4] = lchw + cooling / (chwFlow * k)
        v[5] = chwFlow
        v[6] = ecw
        v[7] = ecw + rejected / (totalCW * kc)
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
