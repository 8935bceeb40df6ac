import Testing
@testable import PlantModel

@Suite struct WeatherTests {
    func monthlyMean(_ climate: Climate, month: Int, _ f: (WeatherSample) -> Double) -> Double {
        var w = WeatherModel(climate: climate, seed: 7)
        var s = 0.0, n = 0.0
        let start = CivilTime(year: 2019, month: month, day: 1).epoch(offset: climate.utcOffset)
        for h in 0..<(24 * CivilTime.daysInMonth(2019, month)) {
            s += f(w.sample(at: start + Double(h) * 3600)); n += 1
        }
        return s / n
    }

    @Test func seasonsMatchTheNormals() {
        // Beijing: January ≈ −3 °C, July ≈ 27 °C; Yichang: January ≈ 5-6 °C, July ≈ 28 °C (±2.5 K for synoptic noise).
        #expect(abs(monthlyMean(.beijing, month: 1) { $0.dryBulb } + 3) < 2.5)
        #expect(abs(monthlyMean(.beijing, month: 7) { $0.dryBulb } - 27) < 2.5)
        #expect(abs(monthlyMean(.yichang, month: 1) { $0.dryBulb } - 5.5) < 2.5)
        #expect(abs(monthlyMean(.yichang, month: 7) { $0.dryBulb } - 28) < 2.5)
        // Mains water lags the air and swings less.
        #expect(monthlyMean(.yichang, month: 8) { $0.mainsWater } > monthlyMean(.yichang, month: 2) { $0.mainsWater } + 15)
    }

    @Test func afternoonsAreWarmerThanNights() {
        var w = WeatherModel(climate: .beijing, seed: 3)
        var warmer = 0
        for d in 0..<30 {
            let day = CivilTime(year: 2019, month: 6, day: 1 + d)
            let afternoon = w.sample(at: CivilTime(year: day.year, month: day.month, day: day.day, hour: 15).epoch(offset: 8 * 3600))
            let night = w.sample(at: CivilTime(year: day.year, month: day.month, day: day.day, hour: 4).epoch(offset: 8 * 3600))
            if afternoon.dryBulb > night.dryBulb { warmer += 1 }
            #expect(afternoon.wetBulb <= afternoon.dryBulb)
        }
        #expect(warmer >= 27)
    }

    @Test func wetBulbByStull() {
        // Stull (2011): 20 °C and 50 % RH give a wet-bulb of 13.7 °C.
        #expect(abs(Psychrometrics.wetBulb(dryBulb: 20, relativeHumidity: 50) - 13.7) < 0.1)
        #expect(abs(Psychrometrics.wetBulb(dryBulb: 30, relativeHumidity: 99) - 30) < 0.4)
    }

    @Test func weatherIsAPureFunctionOfTimeAndSeed() {
        var a = WeatherModel(climate: .yibin, seed: 9), b = WeatherModel(climate: .yibin, seed: 9)
        let t = CivilTime(year: 2021, month: 3, day: 4, hour: 13, minute: 7).epoch(offset: 8 * 3600)
        #expect(a.sample(at: t) == b.sample(at: t))
        var c = WeatherModel(climate: .yibin, seed: 10)
        #expect(c.sample(at: t) != a.sample(at: t))
    }

    @Test func scheduleFollowsShiftsAndWeekends() {
        let s = ProductionSchedule.pharmaTwoShift
        let wednesdayNoon = CivilTime(year: 2019, month: 5, day: 8, hour: 12).epoch(offset: 8 * 3600)
        let sundayNoon = CivilTime(year: 2019, month: 5, day: 12, hour: 12).epoch(offset: 8 * 3600)
        let wednesdayNight = CivilTime(year: 2019, month: 5, day: 8, hour: 3).epoch(offset: 8 * 3600)
        #expect(s.activity(at: wednesdayNoon) == 1)
        #expect(s.activity(at: sundayNoon) < 0.5)
        #expect(s.activity(at: wednesdayNight) < 0.5)
    }
}
