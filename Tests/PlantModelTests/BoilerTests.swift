import Testing
@testable import PlantModel

/// The direct-method balance, gas = steam · (h_g − h_fw) ÷ (η · LHV), on IAPWS-IF97 enthalpies at
/// 1.0 MPa(abs) (feed at 1.1 MPa), against the inversion of the Humanwell figures (energy-reference §2.2).
@Suite struct BoilerTests {
    let water = WaterEnthalpyTable(pressureMPa: 1.1)
    let hg = IF97.saturatedSteamEnthalpy(pressureMPa: 1.0)

    /// m³ per tonne at η·LHV = 29.80 MJ/m³ (η 0.8384, LHV 35.544).
    func perTonne(_ feedC: Double) -> Double { (hg - water.enthalpy(celsius: feedC)) / 29.80 }

    @Test func humanwellInversion() {
        #expect(abs(perTonne(15) - 91.03) < 0.03)
        #expect(abs(perTonne(43.7) - 87.0) < 0.03)
        #expect(abs(perTonne(51.6) - 85.9) < 0.03)
        #expect(abs(perTonne(37.2) - 87.91) < 0.03)
    }

    @Test func sensitivityIsOnePercentPerSixAndAHalfKelvin() {
        let slope = (perTonne(16) - perTonne(14)) / 2
        #expect(abs(slope + 0.140) < 0.003)
        #expect(abs(perTonne(15) / perTonne(21.5) - 1.01) < 0.001)
    }
}

@Suite struct MixingTests {
    let table = WaterEnthalpyTable(pressureMPa: 0.5)

    @Test func conservesEnergy() {
        let streams = [WaterStream(flow: 1.2, temperature: 60), WaterStream(flow: 0.8, temperature: 80), WaterStream(flow: 3, temperature: 12)]
        let out = Mixing.mix(streams, table: table)
        let hIn = streams.reduce(0) { $0 + $1.flow * table.enthalpy(celsius: $1.temperature) }
        #expect(abs(out.flow - 5) < 1e-12)
        #expect(abs(out.flow * table.enthalpy(celsius: out.temperature) - hIn) < 1e-6)
        #expect(out.temperature > 12 && out.temperature < 60)
    }

    @Test func coolingRatioHitsThePumpLimit() {
        let r = Mixing.coolingRatio(hot: 85, cold: 15, limit: 65, table: table)
        #expect(r > 0.39 && r < 0.42)   // ≈ (85 − 65) / (65 − 15), by enthalpy
        let blend = Mixing.mix([WaterStream(flow: 1, temperature: 85), WaterStream(flow: r, temperature: 15)], table: table)
        #expect(abs(blend.temperature - 65) < 0.01)
        #expect(Mixing.coolingRatio(hot: 55, cold: 15, limit: 65, table: table) == 0)
    }
}
