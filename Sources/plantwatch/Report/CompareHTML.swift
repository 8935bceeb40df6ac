import PlantModel

/// `compare --format html`: the summary, each period's daily energy against the baseline model
/// (fitted on "before", predicted on "after" with its 90 % prediction band), and the split of
/// the adjusted baseline into what was metered and what was avoided.
enum CompareHTML {
    static func page(title: String, summary: [[String]], analysis s: SavingsAnalysis, spec: BaselineSpec, plant p: PlantDefinition,
                     before: [PeriodValues], after: [PeriodValues], split: [[String]]? = nil) -> String {
        var page = HTMLPage(title: title)
        page.table([["", "", ""]] + summary, numericFrom: 2)
        if let split {
            page.heading("Where the electricity went (measured over each log, not adjusted to conditions)")
            page.table(split)
        }
        let unit = s.energyUnit.symbol
        let model = s.baseline
        let m = model.model
        // Each day's prediction ± t · its standard error (coefficients' and residual variance).
        let t = Statistics.tQuantile(0.95, df: Double(max(1, m.n - m.parameters)))
        func chart(_ days: [PeriodValues], title: String, predicted: String, band: Bool) -> String {
            let labels = days.map { String(ISO8601.format($0.start, offset: p.utcOffset).prefix(s.resolution == .hourly ? 16 : 10)) }
            var c = SVGChart(title: title, unit: "\(spec.target) [\(unit)]", xLabels: labels)
            let expected = days.map { model.expected($0) }
            c.series = [.init(name: "metered", values: days.map { $0.values[spec.target] }, color: ReportHTML.palette[0]),
                        .init(name: predicted, values: expected, color: ReportHTML.palette[1], dashed: true)]
            if band {
                let se = days.map { model.predictionSE($0) }
                c.band = (zip(expected, se).map { e, s in e.flatMap { e in s.map { e - t * $0 } } },
                          zip(expected, se).map { e, s in e.flatMap { e in s.map { e + t * $0 } } }, "90 % prediction band")
            }
            return c.svg()
        }
        let (per, periods) = s.resolution == .hourly ? ("hourly", "hours") : ("daily", "days")
        page.heading("Before: \(per) energy and the baseline model's fit")
        page.figure(chart(before, title: "Baseline period (\(before.count) \(periods))", predicted: "model fit", band: false))
        page.heading("After: \(per) energy against the baseline's prediction")
        page.figure(chart(after, title: "Reporting period (\(after.count) \(periods))", predicted: "adjusted baseline", band: true))
        page.heading("Energy split")
        page.figure(SVGChart.split(title: "Adjusted baseline = metered + avoided", parts: [
            ("metered in the reporting period", s.afterEnergy, ReportHTML.palette[0]),
            ("avoided (savings)", max(0, s.savings), ReportHTML.palette[2]),
        ], unit: unit))
        if s.savings < 0 { page.paragraph("The reporting period used more than the adjusted baseline: no energy was avoided.") }
        return page.html
    }
}
