import Testing
@testable import PlantModel

/// IAPWS R7-97(2012) verification tables (energy-reference.md §1), relative tolerance 1e-8.
@Suite struct IF97Tests {
    func close(_ a: Double, _ b: Double, rel: Double = 1e-8) -> Bool { abs(a - b) <= rel * abs(b) }

    @Test(arguments: [
        // T K, p MPa, v, h, u, s, cp, w — Table 5
        [300, 3, 0.100215168e-2, 0.115331273e3, 0.112324818e3, 0.392294792, 0.417301218e1, 0.150773921e4],
        [300, 80, 0.971180894e-3, 0.184142828e3, 0.106448356e3, 0.368563852, 0.401008987e1, 0.163469054e4],
        [500, 3, 0.120241800e-2, 0.975542239e3, 0.971934985e3, 0.258041912e1, 0.465580682e1, 0.124071337e4],
    ])
    func region1(_ r: [Double]) {
        let s = IF97.region1(T: r[0], p: r[1])
        #expect(close(s.v, r[2])); #expect(close(s.h, r[3])); #expect(close(s.u, r[4]))
        #expect(close(s.s, r[5])); #expect(close(s.cp, r[6])); #expect(close(s.w, r[7]))
    }

    @Test(arguments: [
        // Table 15
        [300, 0.0035, 0.394913866e2, 0.254991145e4, 0.241169160e4, 0.852238967e1, 0.191300162e1, 0.427920172e3],
        [700, 0.0035, 0.923015898e2, 0.333568375e4, 0.301262819e4, 0.101749996e2, 0.208141274e1, 0.644289068e3],
        [700, 30, 0.542946619e-2, 0.263149474e4, 0.246861076e4, 0.517540298e1, 0.103505092e2, 0.480386523e3],
    ])
    func region2(_ r: [Double]) {
        let s = IF97.region2(T: r[0], p: r[1])
        #expect(close(s.v, r[2])); #expect(close(s.h, r[3])); #expect(close(s.u, r[4]))
        #expect(close(s.s, r[5])); #expect(close(s.cp, r[6])); #expect(close(s.w, r[7]))
    }

    @Test func region4() {
        // Tables 35 and 36
        #expect(close(IF97.saturationPressure(T: 300), 0.353658941e-2))
        #expect(close(IF97.saturationPressure(T: 500), 0.263889776e1))
        #expect(close(IF97.saturationPressure(T: 600), 0.123443146e2))
        #expect(close(IF97.saturationTemperature(p: 0.1), 0.372755919e3))
        #expect(close(IF97.saturationTemperature(p: 1), 0.453035632e3))
        #expect(close(IF97.saturationTemperature(p: 10), 0.584149488e3))
    }

    @Test func boilerPressures() {
        // §1.4: saturated steam and water at 0.5, 1.0 and 1.3 MPa(abs).
        #expect(abs(IF97.saturatedSteamEnthalpy(pressureMPa: 1.0) - 2777.12) < 0.01)
        #expect(abs(IF97.saturatedLiquidEnthalpy(pressureMPa: 1.0) - 762.68) < 0.01)
        #expect(abs(IF97.saturatedSteamEnthalpy(pressureMPa: 0.5) - 2748.11) < 0.01)
        #expect(abs(IF97.saturatedSteamEnthalpy(pressureMPa: 1.3) - 2786.49) < 0.01)
        // §1.5: compressed water.
        #expect(abs(IF97.waterEnthalpy(celsius: 15, pressureMPa: 0.5) - 63.461) < 0.001)
        #expect(abs(IF97.waterEnthalpy(celsius: 60, pressureMPa: 1.0) - 251.977) < 0.001)
        #expect(abs(IF97.waterEnthalpy(celsius: 90, pressureMPa: 1.3) - 377.920) < 0.001)
    }

    @Test func tableMatchesFormulation() {
        let table = WaterEnthalpyTable(pressureMPa: 1.1)
        for t in stride(from: 1.0, through: 140, by: 0.37) {
            let exact = IF97.waterEnthalpy(celsius: t, pressureMPa: 1.1)
            #expect(abs(table.enthalpy(celsius: t) - exact) < 0.005)
            #expect(abs(table.temperature(enthalpy: exact) - t) < 0.002)
        }
    }
}
