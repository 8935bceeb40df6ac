import Testing
@testable import PlantModel

/// EnergyPlus Chiller:Electric:EIR curves against the values of energy-reference.md §3.
@Suite struct ChillerTests {
    @Test func curvesAtTheirReferencePoints() {
        let s = ChillerCurveSet.carrier23XL
        #expect(abs(s.capFT(s.refLCHW, s.refECW) - 0.9961) < 1e-4)
        #expect(abs(s.eirFT(s.refLCHW, s.refECW) - 0.9994) < 1e-4)
        #expect(abs(s.eirFPLR(1) - 1.0001) < 1e-4)
        let v = ChillerCurveSet.carrier19XRVSD
        #expect(abs(v.capFT(v.refLCHW, v.refECW) - 1.0063) < 1e-4)
        #expect(abs(v.eirFT(v.refLCHW, v.refECW) - 1.0308) < 1e-4)
        #expect(abs(v.eirFPLR(1) - 0.9974) < 1e-4)
        let d = ChillerCurveSet.doe2Centrifugal
        #expect(abs(d.capFT(d.refLCHW, d.refECW) - 1.0033) < 1e-4)
        #expect(abs(d.eirFT(d.refLCHW, d.refECW) - 0.9991) < 1e-4)
    }

    @Test func normalisingMakesTheRatingExact() {
        let v = ChillerCurveSet.carrier19XRVSD.normalised()
        #expect(abs(v.capFT(v.refLCHW, v.refECW) - 1) < 1e-12)
        #expect(abs(v.eirFT(v.refLCHW, v.refECW) - 1) < 1e-12)
    }

    /// COP at 7/30 °C by part load, §3.3 (the published table rounds to 0.01).
    @Test(arguments: [
        (ChillerCurveSet.carrier23XL, [1.0: 5.55, 0.75: 5.63, 0.5: 5.25, 0.25: 3.77]),
        (ChillerCurveSet.carrier19XRVSD, [1.0: 6.31, 0.75: 7.96, 0.5: 9.98, 0.25: 9.55]),
        (ChillerCurveSet.doe2Centrifugal, [1.0: 5.49, 0.75: 5.73, 0.5: 5.54, 0.25: 4.16]),
    ])
    func partLoadCOP(_ set: ChillerCurveSet, _ expected: [Double: Double]) {
        let c = ChillerEIR(set)
        for (plr, cop) in expected {
            let cap = c.availableCapacity(lchw: 7, ecw: 30)
            let op = c.operate(load: plr * cap, lchw: 7, ecw: 30)
            #expect(abs(op.cop - cop) < 0.011, "\(set.name) PLR \(plr): \(op.cop)")
        }
    }

    @Test func clampsToCurveLimits() {
        let c = ChillerEIR(.carrier19XRVSD)
        #expect(c.availableCapacity(lchw: 7, ecw: 5) == c.availableCapacity(lchw: 7, ecw: 12.78))
        let over = c.operate(load: 10_000, lchw: 7, ecw: 25)
        #expect(abs(over.plr - ChillerCurveSet.carrier19XRVSD.maxPLR) < 1e-12)
        #expect(over.cooling < 10_000)
    }

    @Test func legacyUnitRatesCOP393() {
        // The worn 981 kW unit at its rating point (6.67 / 29.4 °C), full load: 981 / 249.9.
        let c = ChillerEIR(MOMASimulator.legacyChiller)
        let set = MOMASimulator.legacyChiller
        let op = c.operate(load: c.availableCapacity(lchw: set.refLCHW, ecw: set.refECW), lchw: set.refLCHW, ecw: set.refECW)
        #expect(abs(op.cop - 3.93) < 0.05)
        #expect(abs(op.cooling - 981) < 5)
    }

    @Test func foulingLowersCOP() {
        var c = ChillerEIR(MOMASimulator.maglevChiller)
        let clean = c.operate(load: 600, lchw: 8, ecw: 24).cop
        c.foulingK = 4
        #expect(c.operate(load: 600, lchw: 8, ecw: 24).cop < clean * 0.95)
    }
}

@Suite struct PumpAndTowerTests {
    @Test func affinityLaws() {
        var p = Pump(ratedPower: 30, ratedFlow: 170, variableSpeed: true)
        p.staticHeadShare = 0
        #expect(abs(p.power(flowFraction: 0.5) - 30 * 0.125) < 1e-12)    // P ∝ N³
        #expect(p.power(flowFraction: 0.1) == p.power(flowFraction: p.minSpeed))
        #expect(p.flow(demand: 0.5) == 85)
        let fixed = Pump(ratedPower: 30, ratedFlow: 170, variableSpeed: false)
        #expect(fixed.power(flowFraction: 0.3) == 30)
        #expect(fixed.flow(demand: 0.3) == 170)
    }

    @Test func towerApproachesWetBulb() {
        let t = CoolingTower(designHeat: 1231, designApproach: 4, fanPower: 11, variableSpeedFan: false)
        #expect(abs(t.operate(heat: 1231, wetBulb: 26).leaving - 30) < 1e-9)
        #expect(t.operate(heat: 600, wetBulb: 26).leaving < 30)
        #expect(t.operate(heat: 600, wetBulb: 26).leaving > 26)
        let v = CoolingTower(designHeat: 1231, designApproach: 4, fanPower: 11, variableSpeedFan: true)
        #expect(v.operate(heat: 600, wetBulb: 26, fanSpeed: 0.5).fanPower < 11 * 0.2)
    }
}
