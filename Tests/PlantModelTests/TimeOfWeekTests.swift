import Foundation
import Testing
@testable import PlantModel

/// Hourly baselines with time-of-week indicators (CalTRACK's hourly method).
@Suite struct TimeOfWeekTests {
    static let offset = 8 * 3600

    @Test func hoursOfTheWeekFollowTheLocalCalendar() {
        // 4 January 2021 was a Monday, 10 January a Sunday (any calendar).
        #expect(BaselineModel.hourOfWeek(CivilTime(year: 2021, month: 1, day: 4).epoch(offset: Self.offset), offset: Self.offset) == 0)
        #expect(BaselineModel.hourOfWeek(CivilTime(year: 2021, month: 1, day: 6, hour: 13).epoch(offset: Self.offset), offset: Self.offset) == 2 * 24 + 13)
        #expect(BaselineModel.hourOfWeek(CivilTime(year: 2021, month: 1, day: 10, hour: 23, minute: 59).epoch(offset: Self.offset), offset: Self.offset) == 167)
        // The same instant is Sunday night in UTC and Monday morning in UTC+8.
        let t = CivilTime(year: 2021, month: 1, day: 4, hour: 7).epoch(offset: Self.offset)
        #expect(BaselineModel.hourOfWeek(t, offset: 0) == 167)
        // Before 1970 too (days counted below zero).
        #expect(BaselineModel.hourOfWeek(CivilTime(year: 1969, month: 12, day: 29).epoch(offset: 0), offset: 0) == 0)
    }

    /// Hourly energy with an occupancy pattern by hour of the week and a temperature slope: the
    /// time-of-week model recovers the slope and explains the pattern; drivers alone cannot.
    static func synthetic(weeks: Int, skipping skipped: Set<Int> = []) -> [PeriodValues] {
        let start = CivilTime(year: 2021, month: 1, day: 4).epoch(offset: offset)
        var out: [PeriodValues] = []
        for k in 0..<(weeks * 168) where !skipped.contains(k % 168) {
            let hour = k % 24, day = (k / 24) % 7
            let occupied = day < 5 && hour >= 8 && hour < 18 ? 400.0 : 0
            // Temperature with a daily cycle and a slow drift, not collinear with the pattern.
            let temp = 20 + 6 * sin(Double(k) * 2 * .pi / 24) + Double(k % 97) / 20
            let wobble = Double((k * 7919) % 13) - 6    // deterministic noise, mean 0
            out.append(PeriodValues(start: start + Double(k) * 3600,
                                    values: ["energy": 200 + 15 * temp + occupied + wobble, "temp": temp], coverage: [:]))
        }
        return out
    }

    static let spec = BaselineSpec(id: "e", target: "energy", drivers: ["temp"], regressorNames: ["temp"], regressors: { $0 })

    @Test func recoversTheSlopeAndTheWeeklyPattern() throws {
        let data = Self.synthetic(weeks: 4)
        let towt = try BaselineModel.fitTimeOfWeek(Self.spec, plant: "x", data: data, offset: Self.offset)
        let ols = try BaselineModel.fit(Self.spec, plant: "x", data: data, offset: Self.offset)
        #expect(towt.kind == "towt" && towt.hoursOfWeek?.count == 168)
        #expect(towt.model.parameters == 1 + 1 + 167)
        // The slope: 15 per K, the noise a few units on hundreds.
        #expect(abs(towt.model.coefficients[1] - 15) < 0.1, "\(towt.model.coefficients[1])")
        // Noise of ±6 on ≈ 600 mean: CV(RMSE) about 0.6 %; drivers alone leave the 400-unit
        // occupancy swing in the residuals.
        #expect(towt.model.cvRMSE < 0.01)
        #expect(ols.model.cvRMSE > 0.2)
        // Expected values land on the data.
        let wed10 = data[2 * 24 + 10]
        #expect(abs(towt.expected(wed10)! - wed10.values["energy"]!) < 10)
    }

    @Test func anHourTheBaselineNeverSawHasNoEstimate() throws {
        // Saturday 03:00 missing from every week of the baseline.
        let sat3 = 5 * 24 + 3
        let model = try BaselineModel.fitTimeOfWeek(Self.spec, plant: "x", data: Self.synthetic(weeks: 3, skipping: [sat3]), offset: Self.offset)
        #expect(model.hoursOfWeek?.contains(sat3) == false)
        let full = Self.synthetic(weeks: 1)
        #expect(model.expected(full[sat3]) == nil)
        #expect(model.expected(full[sat3 + 1]) != nil)
    }

    @Test func savedAndReadBackItPredictsTheSame() throws {
        let data = Self.synthetic(weeks: 3)
        let model = try BaselineModel.fitTimeOfWeek(Self.spec, plant: "x", data: data, offset: Self.offset)
        let copy = try JSONDecoder().decode(BaselineModel.self, from: try JSONEncoder().encode(model))
        for p in data.prefix(200) { #expect(copy.expected(p) == model.expected(p)) }
    }

    @Test func needsTwoRowsPerParameter() {
        #expect(SavingsAnalysis.timeOfWeekFits(spec: Self.spec, before: Self.synthetic(weeks: 4), offset: Self.offset))
        // One week: every hour of the week seen once, no indicator estimable.
        #expect(!SavingsAnalysis.timeOfWeekFits(spec: Self.spec, before: Self.synthetic(weeks: 1), offset: Self.offset))
    }

    /// MOMA, two weeks before and after at an hourly resolution: the time-of-week model's savings
    /// agree with the daily model's within the daily model's own uncertainty, and fit the hours
    /// better than the drivers alone.
    @Test func momaHourlySavingsAgreeWithTheDailyModel() throws {
        let from = CivilTime(year: 2019, month: 7, day: 1)
        let before = try IntervalLogs.write("moma", try IntervalLogs.rows("moma", "legacy-2018", from: from, days: 28))
        let after = try IntervalLogs.write("moma", try IntervalLogs.rows("moma", "retrofit-2019", from: from, days: 28))
        func periods(_ path: String, _ every: ReportPeriod) throws -> (PlantDefinition, [PeriodValues]) {
            let r = try LogReader(paths: [path], plant: nil)
            let spec = r.plant.energyBaseline!
            return (r.plant, try BaselineData.periods(r, kpis: [spec.target] + spec.drivers, every: every))
        }
        let (p, bd) = try periods(before, .day), (_, ad) = try periods(after, .day)
        let (_, bh) = try periods(before, .hour), (_, ah) = try periods(after, .hour)
        let spec = p.energyBaseline!
        #expect(SavingsAnalysis.timeOfWeekFits(spec: spec, before: bh, offset: p.utcOffset))
        let daily = try SavingsAnalysis.analyse(plant: p, spec: spec, before: bd, after: ad, resolution: .daily)
        let towt = try SavingsAnalysis.analyse(plant: p, spec: spec, before: bh, after: ah, timeOfWeek: true, resolution: .hourly)
        let ols = try SavingsAnalysis.analyse(plant: p, spec: spec, before: bh, after: ah, resolution: .hourly)
        #expect(towt.baseline.kind == "towt")
        #expect(towt.baseline.model.cvRMSE < ols.baseline.model.cvRMSE)
        #expect(abs(towt.savings - daily.savings) <= daily.fsu90 * abs(daily.savings), "\(towt.savings) vs \(daily.savings) ± \(daily.fsu90 * 100) %")
    }
}
