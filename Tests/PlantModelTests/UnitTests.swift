import Testing
@testable import PlantModel

@Suite struct UnitTests {
    @Test func energyConversions() throws {
        #expect(abs(try UnitConversion.convert(1, from: .kilowattHour, to: .megajoule) - 3.6) < 1e-12)
        #expect(abs(try UnitConversion.convert(1, from: .gigajoule, to: .kilowattHour) - 277.7777777) < 1e-6)
        #expect(try UnitConversion.convert(2.5, from: .megawattHour, to: .kilowattHour) == 2500)
    }

    @Test func temperatureAndRatio() throws {
        #expect(abs(try UnitConversion.convert(300, from: .kelvin, to: .degreeCelsius) - 26.85) < 1e-12)
        #expect(abs(try UnitConversion.convert(15, from: .degreeCelsius, to: .kelvin) - 288.15) < 1e-12)
        #expect(try UnitConversion.convert(80, from: .percent, to: .fraction) == 0.8)
        #expect(try UnitConversion.convert(1.5, from: .tonneCoalEquivalent, to: .kilogramCoalEquivalent) == 1500)
    }

    @Test func refusesCrossDimension() {
        #expect(throws: UnitMismatch.self) { try UnitConversion.convert(1, from: .kilowatt, to: .kilowattHour) }
        #expect(throws: UnitMismatch.self) { try Quantity(1, .cubicMetre).converted(to: .tonne) }
    }

    @Test func integratesRates() throws {
        #expect(try UnitConversion.integrate(Quantity(300, .cubicMetrePerHour), seconds: 1800) == Quantity(150, .cubicMetre))
        #expect(try UnitConversion.integrate(Quantity(2, .kilowatt), seconds: 3600) == Quantity(2, .kilowattHour))
        #expect(throws: UnitMismatch.self) { try UnitConversion.integrate(Quantity(20, .degreeCelsius), seconds: 60) }
    }

    @Test func parsesSymbols() {
        #expect(Unit(symbol: "m³/h") == .cubicMetrePerHour)
        #expect(Unit(symbol: "m3/h") == .cubicMetrePerHour)
        #expect(Unit(symbol: "°C") == .degreeCelsius)
        #expect(Unit(symbol: "degC") == .degreeCelsius)
        #expect(Unit(symbol: "kWh") == .kilowattHour)
        #expect(Unit(symbol: "furlong") == nil)
    }

    @Test func factorsReproduceTheMomaCase() {
        // 608 161.9 kWh = 156.55 tce = 538 t CO₂ = 304 100 CNY (the case's own figures).
        let f = EnergyFactors.moma
        #expect(abs(608_161.9 * f.electricityKgce / 1000 - 156.55) < 0.05)
        #expect(abs(608_161.9 * f.gridCO2 / 1000 - 538) < 0.5)
        #expect(abs(608_161.9 * f.electricityPrice - 304_100) < 100)
        // 1 kgce = 29 307.6 kJ: gas at 35.544 MJ/m³ is 1.2128 kgce/m³; 38.931 MJ/m³ is 1.3284.
        var g = EnergyFactors()
        #expect(abs(g.gasKgce - 1.2128) < 1e-4)
        g.gasLHV = 38.931
        #expect(abs(g.gasKgce - 1.3284) < 1e-4)
    }
}
