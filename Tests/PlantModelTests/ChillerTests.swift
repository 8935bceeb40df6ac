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
}
