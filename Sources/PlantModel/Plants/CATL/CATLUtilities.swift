import Foundation

/// CATL's utilities, as `CATLSimulator.utilityBlocks` identical blocks (the site is built in phases,
/// each with its own utility plant): a chiller plant, an air-compressor house and the dry rooms'
/// air handling. Sizes per block are engineering assumptions for a cell-production phase [M]; only
/// the number of blocks is fitted (CATLSimulator).
///
/// The CFMS measure changes set points and sequencing only — the equipment is the same:
///
/// | | without CFMS (fixed set points) | with CFMS (optimised) |
/// |---|---|---|
/// | chilled water | 7 °C | reset to 10 °C as far as the dry rooms' precooling allows (outdoor air drier than the coil's 10 °C dew point) |
/// | condenser water | 30 °C, one tower per running chiller | wet-bulb + 3 K (≥ 16 °C), every tower of the block at low fan speed |
/// | chiller staging | next chiller at 90 % of the running ones' capacity | the number of chillers (n or n + 1) with the least plant power |
/// | pumps | drives held at 50 Hz | chilled water for a 5 K ΔT, condenser water for 5 K (≥ 50 % flow) |
/// | compressed air | header 0.75 MPa(g), 7 of 8 compressors sharing the load (load/unload) | header 0.62 MPa(g), base machines fully loaded, the VSD machine trims |
/// | dry rooms | design make-up air and recirculation, regeneration at design output | make-up air 80 % (room pressure), recirculation 85 % (dew-point margin), regeneration tracks the moisture removed |
struct CATLUtilities: Sendable {
    let cfms: Bool
    // Chiller plant per block: three water-cooled screw chillers on MOMA's fitted screw curves (Carrier 23XL
    // slide valve, `ChillerCurvesFitted.swift`) at twice MOMA's size, 1,970 kW.
    static let chillerCount = 3
    static let chillerCurves = ReformulatedEIRCurves.screw.scaled(capacity: 1970)
    let chiller = ReformulatedEIRChiller(CATLUtilities.chillerCurves)
    let chwPump: Pump
    let cwPump: Pump
    let tower: CoolingTower
    /// Sichuan-basin summer design wet-bulb for towers [M].
    static let designWetBulb = 27.0
    var lastECW = 24.0
    // Compressor house per block: seven load/unload screws and one VSD screw, 250 kW / 43 m³/min at
    // 0.7 MPa(g) (5.8 kW per m³/min: CAGI data sheets for 250 kW oil-injected screws give 5.6–6.3 [M]).
    static let compressor = AirCompressor(ratedPower: 250, ratedFlow: 43)
    static let compressorCount = 8
    /// Leaks and unregulated uses at 0.75 MPa(g), m³/min; as orifices in choked flow they scale with
    /// absolute pressure (Sourcebook Fact Sheet #7 "Compressed Air System Leaks": 20–30 % of output
    /// in a typical plant).
    static let leaksAtDesign = 55.0
    // Dry rooms per block.
    static let dryRoom = DesiccantDryRoom(designOutdoorAir: 25, designFanPower: 900)

    init(cfms: Bool) {
        self.cfms = cfms
        let c = CATLUtilities.chillerCurves
        chwPump = Pump(designFlow: c.evaporatorFlow, designHead: 30, staticHead: 0.35 * 30, variableSpeed: cfms, minFlow: c.minEvaporatorFlow)
        cwPump = Pump(designFlow: c.condenserFlow, designHead: 28, staticHead: 5, variableSpeed: cfms, minFlow: 0.5)
        tower = CoolingTower(designHeat: 1.2 * c.refCapacity, designWaterFlow: c.condenserFlow, designWetBulb: CATLUtilities.designWetBulb,
                             designApproach: 3.6, fanPower: 18.5)
    }

    struct Output: Sendable {
        var chwSupply = 7.0, cwSupply = 24.0, cwReturn = 29.0
        var cooling = 0.0, chillers = 0.0, chillerAux = 0.0
        var airPressure = 0.75, compressors = 0.0
        var dryRoom = 0.0
        var unmet = 0.0
        var carnotLimited = false, extrapolated = false
        var chillerPlant: Double { chillers + chillerAux }
        var total: Double { chillerPlant + compressors + dryRoom }
    }

    /// Chilled-water set point, °C.
    func chwSetpoint(outdoorW w: Double) -> Double {
        guard cfms else { return 7 }
        let wc = Psychrometrics.humidityRatio(dewPoint: CATLUtilities.dryRoom.coilDewPoint)
        // Full reset when the outdoor air is 3 g/kg drier than the coil's leaving air.
        return 7 + 3 * min(1, max(0, (wc - w) / 0.003))
    }

    struct ChillerRun { var op: ReformulatedEIRChiller.Operation; var aux: Double; var ecw: Double; var n: Int; var total: Double }

    /// The chiller plant carrying `load` kW with `n` machines, iterated on the condenser water.
    func chillerPlant(load: Double, n: Int, lchw: Double, wetBulb: Double, ecw0: Double) -> ChillerRun {
        let k = WaterProperties.volumetricHeat(celsius: lchw + 2)
        let setpoint = cfms ? max(wetBulb + 3, 16) : 30
        let towers = cfms ? CATLUtilities.chillerCount : n
        var ecw = ecw0
        var op = ReformulatedEIRChiller.Operation.off(capacity: 0, ecw: ecw)
        var aux = 0.0
        for _ in 0..<4 {
            let cap = chiller.availableCapacity(lchw: lchw, lcw: ecw + 5)
            let per = min(load / Double(n), cap * chiller.curves.maxPLR)
            let chw = chwPump.operate(demand: per / (k * 5))
            let cw = cwPump.operate(demand: 1.2 * per / (k * 5))
            op = chiller.operate(load: per, lchw: lchw, ecw: ecw, cwFlow: cw.flow)
            let t = tower.operate(heat: op.condenserHeat * Double(n) / Double(towers), waterFlow: cw.flow * Double(n) / Double(towers),
                                  wetBulb: wetBulb, setpoint: setpoint, variableSpeed: cfms)
            aux = Double(n) * (chw.power + cw.power) + Double(towers) * t.fanPower
            // A bypass holds the condenser water at its set point when the towers overcool it.
            let next = max(t.leaving, setpoint)
            if abs(next - ecw) < 0.02 { ecw = next; break }
            ecw = next
        }
        return ChillerRun(op: op, aux: aux, ecw: ecw, n: n, total: op.power * Double(n) + aux)
    }

    mutating func step(outdoorC t: Double, outdoorRH rh: Double, wetBulb: Double, runShare: Double, blocks: Double) -> Output {
        var o = Output()
        let w = Psychrometrics.humidityRatio(dryBulb: t, relativeHumidity: rh)
        // Dry rooms.
        let dry = CATLUtilities.dryRoom.operate(outdoorC: t, outdoorRH: rh, outdoorAirFraction: cfms ? 0.8 : 1,
                                                recirculationFraction: cfms ? 0.85 : 1, regenerationTracksLoad: cfms)
        o.dryRoom = dry.power * blocks
        // Chilled water: process cooling (coating chill rolls, formation, electrolyte filling) with
        // production, the dry rooms' coils, and comfort cooling of the other halls above 16 °C.
        let load = 1500 * (0.5 + 0.5 * runShare) + dry.coolingLoad + 80 * max(0, t - 16)
        let lchw = chwSetpoint(outdoorW: w)
        let cap = chiller.availableCapacity(lchw: lchw, lcw: lastECW + 5)
        let nMin = min(CATLUtilities.chillerCount, max(1, Int((load / (cap * (cfms ? 0.95 : 0.9))).rounded(.up))))
        var best = chillerPlant(load: load, n: nMin, lchw: lchw, wetBulb: wetBulb, ecw0: lastECW)
        if cfms && nMin < CATLUtilities.chillerCount {
            let more = chillerPlant(load: load, n: nMin + 1, lchw: lchw, wetBulb: wetBulb, ecw0: lastECW)
            if more.total < best.total { best = more }
        }
        lastECW = best.ecw
        o.chwSupply = lchw
        o.cwSupply = best.ecw
        o.cwReturn = best.op.leavingCondenser
        o.cooling = best.op.cooling * Double(best.n) * blocks
        o.unmet = max(0, load - best.op.cooling * Double(best.n)) * blocks
        o.chillers = best.op.power * Double(best.n) * blocks
        o.chillerAux = best.aux * blocks
        o.carnotLimited = best.op.carnotLimited
        o.extrapolated = best.op.extrapolated
        // Compressed air: use with production, leaks with header pressure.
        let p = cfms ? 0.62 : 0.75
        let leaks = CATLUtilities.leaksAtDesign * (p + AirCompressor.atmosphere) / (0.75 + AirCompressor.atmosphere)
        let demand = 120 + 100 * runShare + leaks
        let c = CATLUtilities.compressor
        var air = 0.0
        if cfms {
            let base = min(CATLUtilities.compressorCount - 1, Int((demand / c.ratedFlow).rounded(.down)))
            let trim = demand - Double(base) * c.ratedFlow
            air = Double(base) * c.power(flow: c.ratedFlow, pressure: p, control: .loadUnload)
                + c.power(flow: trim, pressure: p, control: .variableSpeed)
        } else {
            let running = CATLUtilities.compressorCount - 1
            let share = demand / Double(running)
            air = Double(running - 1) * c.power(flow: share, pressure: p, control: .loadUnload)
                + c.power(flow: share, pressure: p, control: .variableSpeed)
        }
        o.airPressure = p
        o.compressors = air * blocks
        return o
    }
}
