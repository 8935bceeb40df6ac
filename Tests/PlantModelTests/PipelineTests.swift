import Testing
@testable import PlantModel

@Suite struct PipelineTests {
    /// `report --from --to`: rows before the span only prime the meters and rows after it are
    /// ignored, so the alarms it lists are those raised inside the span, while the screen's
    /// pipeline (no span) raises alarms over the whole log.
    @Test func reportSpanBoundsPeriodsAndAlarms() throws {
        let path = "Samples/humanwell-recovery-2021-faults.csv"
        let off = 8 * 3600
        let from = CivilTime(year: 2019, month: 1, day: 10).epoch(offset: off), to = from + 2 * 86_400
        let reader = try LogReader(paths: [path], plant: nil)
        // The log's faults raise alarms on the 11th and 12th; a probe rule that holds from the first
        // row gives the whole log an alarm before the span too (the fault-free days raise none).
        let rules = reader.plant.alarmRules + [AlarmRule(id: "probe", target: "feedwater_temp", kind: .high, limit: -100, priority: .low, message: "probe")]
        var bounded = try PlantPipeline(plant: reader.plant, stages: .report(every: .day, from: from, to: to), rules: rules)
        var whole = try PlantPipeline(plant: reader.plant, rules: rules)
        var inSpan: [AlarmEvent] = [], all: [AlarmEvent] = []
        try reader.read { row in
            inSpan += bounded.ingest(row)
            all += whole.ingest(row)
        }
        bounded.finish()
        #expect(all.contains { $0.time <= from } && all.contains { $0.time > to })
        #expect(!inSpan.isEmpty && inSpan.allSatisfy { $0.time > from && $0.time <= to })
        let report = try #require(bounded.report)
        #expect(report.rows.map(\.start) == [from, from + 86_400])
        #expect(bounded.rows < whole.rows)
        // Primed by the rows before the span, the first day's gas total is a whole day's.
        let gas = reader.plant.tags.index(of: "gas_total")!
        #expect(report.rows[0].sums[gas] > 0.9 * report.rows[1].sums[gas])
        // The report pipeline carries no screen: no windows, no trends.
        #expect(bounded.windows.isEmpty && bounded.trends.isEmpty)
    }
}
