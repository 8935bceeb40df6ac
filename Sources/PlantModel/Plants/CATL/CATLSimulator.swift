import Foundation

/// CATL-SC, step by step, on Yibin weather, from equipment models; each measure acts through them:
///
/// - `coating`: 20 coating ovens through power states (`CoatingOven`, `CoatingLine`) — intelligent
///   standby moves idle time from holding to standby, balanced fan frequency follows the cube law;
/// - `scheduling`: 20 auxiliary groups switched by start/stop (`AuxiliaryGroup`) — campaigns run back
///   to back on only the units needed, so there are fewer starts, each with its start-up energy;
/// - `condensate`: the steam plant's water side (`CATLSteamSystem`) — returned condensate, after its
///   flash loss, warms the feed and cuts the blowdown, and the boiler model turns that into gas;
/// - `cfms`: set points and sequencing of the utilities (`CATLUtilities`: chiller plant on MOMA's
///   ReformulatedEIR curves, compressor house, dry-room air handling) and the boilers' O₂ trim and
///   sequencing.
/// Production lines (excluding ovens) follow the coating lines' run share. The four published savings
/// are not imposed: four unknown sizes are fitted, one per measure (below, README "catl"), and each
/// measure's saving is what its equipment model gives (CATLCalibrationTests).
struct CATLSimulator: PlantSimulator {
    let cfms: Bool, scheduling: Bool, condensate: Bool, coating: Bool
    var lines: [CoatingLine]
    var aux: [AuxiliaryGroup]
    var utilities: CATLUtilities
    var steamPlant: CATLSteamSystem
    var noise: LoadNoise
    let schedule = ProductionSchedule.continuous
    let lhv = EnergyFactors().gasLHV

    static let lineCount = 20
    static let auxGroups = 20
    static let processRated = 14_000.0      // kW at full production [M]
    /// Fitted (the plant's sizes are not published), each to one published saving with that measure
    /// alone, full year 2021, seed 1, hourly (CATLCalibrationTests):
    /// - rated power of one coating oven, kW → `coating` 16,107 tce;
    static let ovenRated = 4_180.0
    /// - rated power of one auxiliary unit, kW → `scheduling` 12,373 tce;
    static let auxUnitRated = 635.0
    /// - utility blocks (`CATLUtilities`) → `cfms` 18,973 tce;
    static let utilityBlocks = 16.0
    /// - steam demand at 18 °C and full production, t/h → `condensate` 7,539 tce.
    static let steamRated = 93.6

    /// Steps at which a chiller left its curves' data or hit the Carnot bound; kWh of cooling unmet.
    private(set) var extrapolatedSteps = 0
    private(set) var carnotLimitedSteps = 0
    private(set) var unmetKWh = 0.0

    public init(config: ScenarioConfig, seed: UInt64) {
        cfms = config.has("cfms"); scheduling = config.has("scheduling")
        condensate = config.has("condensate"); coating = config.has("coating")
        lines = (0..<CATLSimulator.lineCount).map { CoatingLine(rng: SplitMix64(seed: seed &+ 0xC0A7 &+ UInt64($0) &* 7919)) }
        let scheduled = scheduling
        aux = (0..<CATLSimulator.auxGroups).map { AuxiliaryGroup(rng: SplitMix64(seed: seed &+ 0xA0C5 &+ UInt64($0) &* 104_729), scheduled: scheduled) }
        utilities = CATLUtilities(cfms: cfms)
        steamPlant = CATLSteamSystem(condensate: condensate, cfms: cfms, seed: seed)
        noise = LoadNoise(seed: seed &+ 41, hours: 5)
    }

    public mutating func step(at t: Double, dt: Double, weather w: WeatherSample, faults: FaultSchedule, into v: inout [Double]) {
        let a = t - dt
        let availability = schedule.activity(at: t)
        let holidayLines = Int((1 - availability) * Double(lines.count))
        let hz = coating ? CoatingOven.balancedHz : CoatingOven.baselineHz
        var ovenEnergy = 0.0                    // rated·s
        var counts = [0, 0, 0, 0, 0]
        var runShare = 0.0
        for i in lines.indices {
            let occ = lines[i].occupancy(from: a, to: t, standby: coating)
            if i < holidayLines {
                // Spring Festival: the line is shut down, the oven off.
                lines[i].wasOff = true
                counts[CoatingOven.State.off.rawValue] += 1
                continue
            }
            if lines[i].wasOff {
                ovenEnergy += CoatingOven.coldStartEnergy * 3600
                lines[i].wasOff = false
            }
            for s in [CoatingOven.State.coating, .holding, .standby, .heating] {
                ovenEnergy += CoatingOven.share(s, hz: hz) * occ.seconds[s.rawValue]
            }
            counts[occ.last.rawValue] += 1
            runShare += occ.runs
        }
        let runFrac = runShare / Double(lines.count)
        let coatingPower = CATLSimulator.ovenRated * ovenEnergy / dt

        var auxEnergy = 0.0, starts = 0.0, auxRunning = 0
        for i in aux.indices {
            let o = aux[i].occupancy(from: a, to: t)
            auxEnergy += o.unitSeconds[AuxiliaryGroup.State.loaded.rawValue] + o.unitSeconds[AuxiliaryGroup.State.starting.rawValue]
                + AuxiliaryGroup.idleShare * o.unitSeconds[AuxiliaryGroup.State.idle.rawValue]
            starts += o.starts
            auxRunning += o.runningAtEnd
        }
        let auxPower = CATLSimulator.auxUnitRated * auxEnergy / dt

        let n = 1 + 0.02 * noise.next(dt: dt)
        let u = utilities.step(outdoorC: w.dryBulb, outdoorRH: w.relativeHumidity, wetBulb: w.wetBulb, runShare: runFrac,
                               blocks: CATLSimulator.utilityBlocks)
        if u.extrapolated { extrapolatedSteps += 1 }
        if u.carnotLimited { carnotLimitedSteps += 1 }
        unmetKWh += u.unmet * dt / 3600
        let process = CATLSimulator.processRated * (0.3 + 0.7 * runFrac) * n
        let total = coatingPower + auxPower + u.total + process
        let doy = Double(CivilTime(epoch: t, offset: 8 * 3600).dayOfYear)
        // Wet season (Jun–Oct) brings more contracted hydropower than the dry winter.
        let hydroShare = 0.845 + 0.06 * cos(2 * Double.pi * (doy - 220) / 365.25)

        let warm = w.dryBulb - 18
        let steam = CATLSimulator.steamRated * (0.55 + 0.45 * runFrac) * (1 - 0.012 * warm) * n
        let sp = steamPlant.step(steam: steam, dt: dt, outdoorC: w.dryBulb, mains: w.mainsWater,
                                 foulingK: 40 * faults.severity(.boilerFouling, at: t), lhv: lhv)
        let production = 48_000 * runFrac * (0.97 + 0.03 * n)

        v[0] = w.dryBulb
        v[1] = w.relativeHumidity
        v[2] = production
        v[4] = total * hydroShare
        v[5] = total * (1 - hydroShare)
        v[8] = process
        v[9] = auxPower
        v[10] = coatingPower
        v[11] = u.total
        v[12] = Double(counts[CoatingOven.State.coating.rawValue])
        v[13] = Double(counts[CoatingOven.State.standby.rawValue])
        v[14] = Double(counts[CoatingOven.State.holding.rawValue])
        v[15] = steam
        v[17] = sp.returned
        v[19] = condensate ? sp.returnC : w.mainsWater
        v[20] = sp.feedC
        v[21] = sp.op.gas
        v[23] = CATLSteamSystem.pressure - 0.101325 - 0.03 * (sp.load - 0.6)
        v[24] = sp.flueC
        v[25] = sp.o2
        v[26] = cfms ? 1 : 0
        v[27] = Double(counts[CoatingOven.State.heating.rawValue])
        v[28] = Double(auxRunning)
        v[29] = starts * 3600 / dt
        v[31] = sp.feed
        v[32] = Double(sp.boilers)
        v[33] = u.chwSupply
        v[34] = u.cwSupply
        v[35] = u.cwReturn
        v[36] = u.cooling
        v[37] = u.chillers
        v[38] = u.chillerPlant
        v[39] = u.airPressure
        v[40] = u.compressors
        v[41] = u.dryRoom
    }
}
