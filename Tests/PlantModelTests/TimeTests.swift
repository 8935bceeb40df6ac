import Testing
@testable import PlantModel

@Suite struct TimeTests {
    @Test func civilRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let c = CivilTime.civilFromDays(days)
            #expect(CivilTime.daysFromCivil(c.year, c.month, c.day) == days)
        }
        #expect(CivilTime.daysFromCivil(1970, 1, 1) == 0)
        #expect(CivilTime.daysFromCivil(2000, 3, 1) == 11_017)
    }

    @Test func weekdayAndDayOfYear() {
        #expect(CivilTime(year: 2019, month: 5, day: 1).weekday == 2)    // a Wednesday
        #expect(CivilTime(year: 2024, month: 12, day: 31).dayOfYear == 366)
    }

    @Test func formatsWithOffset() {
        let t = CivilTime(year: 2019, month: 5, day: 1, hour: 8).epoch(offset: 8 * 3600)
        #expect(t == 1_556_668_800)   // 2019-05-01T00:00:00Z
        #expect(ISO8601.format(t, offset: 8 * 3600) == "2019-05-01T08:00:00+08:00")
        #expect(ISO8601.format(t + 0.25, offset: 0) == "2019-05-01T00:00:00.250+00:00")
        #expect(ISO8601.format(t, offset: -(5 * 3600 + 1800)) == "2019-04-30T18:30:00-05:30")
    }

    @Test func parsesVariants() {
        let t = 1_556_668_800.0
        #expect(ISO8601.parse("2019-05-01T08:00:00+08:00", defaultOffset: 0) == t)
        #expect(ISO8601.parse("2019-05-01T00:00:00Z", defaultOffset: 8 * 3600) == t)
        #expect(ISO8601.parse("2019-05-01 08:00", defaultOffset: 8 * 3600) == t)
        #expect(ISO8601.parse("2019-05-01", defaultOffset: 0) == t)
        #expect(ISO8601.parse("2019-05-01T00:00:00.5+0000", defaultOffset: 0) == t + 0.5)
    }

    @Test func rejectsMalformed() {
        for bad in ["", "2019-5-1", "2019-02-30", "2019-13-01", "2019-05-01T25:00", "2019-05-01T08:00:00+08:00x", "yesterday", "2019-05-01T08:00:00."] {
            #expect(ISO8601.parse(bad, defaultOffset: 0) == nil, "\(bad)")
        }
    }
}
