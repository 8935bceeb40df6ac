/// Every KPI per team over a report by shift, and each team against its peers on equal terms.
///
/// A team's own KPI is a ratio of sums over the shifts it worked, so the teams' sums add up to the
/// plant's. That alone is not a fair comparison: a team that happened to work the cool nights of a
/// chiller plant looks better than one that worked the hot afternoons. So each team is also given an
/// *expected* value: for every shift it worked, what all teams together achieved on the same shift
/// (same hours of the day) in the same rotation cycle (same days of the year) — a rotation cycle
/// puts every team on every shift equally often — weighted as the KPI weights that shift (by its
/// denominator, or by hours for a total). "vs peers" = actual − expected: positive means more
/// of the KPI than the same conditions gave the others.
public struct TeamComparison: Sendable {
    public struct Team: Sendable {
        public var name: String
        public var shifts = 0
        /// Hours of the report's span this team worked, and their share of the whole span.
        public var hours = 0.0
        public var share = 0.0
        public var sums: [Double]
        public var values: [Double?] = []
        public var coverage: [Double] = []
        public var expected: [Double?] = []
        /// actual − expected, per KPI.
        public var versusPeers: [Double?] {
            zip(values, expected).map { a, e in a.flatMap { a in e.map { a - $0 } } }
        }
    }

    public var teams: [Team]
    public var kpis: [KPIDefinition]
    /// The plant over the same rows (the report's totals).
    var plantSums: [Double]
    public var plantValues: [Double?]

    /// Highest minus lowest team value of KPI k (nil with fewer than two valued teams).
    public func spread(_ k: Int) -> Double? { range(teams.compactMap { $0.values[k] }) }
    /// The same for actual − expected: the spread left once conditions are evened out.
    public func normalisedSpread(_ k: Int) -> Double? { range(teams.compactMap { $0.versusPeers[k] }) }

    private func range(_ xs: [Double]) -> Double? { xs.count >= 2 ? xs.max()! - xs.min()! : nil }

    struct NotByShift: Error, CustomStringConvertible {
        public var description: String { "a team comparison needs a report by shift of a plant whose site file has teams" }
    }

    public init(report r: PeriodReport) throws {
        guard r.every == .shift, let cal = r.plant.shifts, cal.hasTeams else { throw NotByShift() }
        let slots = r.slots, n = slots.count, kc = slots.kpis.count
        kpis = slots.kpis
        teams = cal.teams.map { Team(name: $0, sums: Array(repeating: 0, count: n)) }
        struct RowInfo { var team: Int; var group: Int; var hours: Double; var num: [Double]; var weight: [Double] }
        var rows: [RowInfo] = []
        var groupIndex: [Int: Int] = [:]
        var groupNum: [[Double]] = [], groupWeight: [[Double]] = []
        for row in r.rows {
            let slot = cal.slot(at: row.start)
            guard let t = slot.team else { continue }
            let hours = r.span(of: row) / 3600
            teams[t].shifts += 1
            teams[t].hours += hours
            for i in 0..<n { teams[t].sums[i] += row.sums[i] }
            let key = cal.cycle(day: slot.day) * cal.shifts.count + slot.shift
            let g = groupIndex[key] ?? { groupIndex[key] = groupNum.count; groupNum.append(Array(repeating: 0, count: kc)); groupWeight.append(Array(repeating: 0, count: kc)); return groupNum.count - 1 }()
            var num = Array(repeating: 0.0, count: kc), weight = num
            row.sums.withUnsafeBufferPointer { p in
                for k in 0..<kc {
                    let parts = slots.parts(k, p)
                    num[k] = parts.numerator
                    weight[k] = parts.denominator ?? hours
                    groupNum[g][k] += num[k]
                    groupWeight[g][k] += weight[k]
                }
            }
            rows.append(RowInfo(team: t, group: g, hours: hours, num: num, weight: weight))
        }
                plantSums = r.totals
        let span = r.rows.reduce(0) { $0 + r.span(of: $1) }
        let ps = r.totals
        plantValues = (0..<kc).map { r.evaluate($0, sums: ps, seconds: span).value }
        let totalHours = teams.reduce(0) { $0 + $1.hours }
        var expectedNum = Array(repeating: Array(repeating: 0.0, count: kc), count: teams.count)
        var teamWeight = expectedNum
        for row in rows {
            for k in 0..<kc where row.weight[k] != 0 && groupWeight[row.group][k] != 0 {
                expectedNum[row.team][k] += groupNum[row.group][k] / groupWeight[row.group][k] * row.weight[k]
                teamWeight[row.team][k] += row.weight[k]
            }
        }
        for t in teams.indices {
            teams[t].share = totalHours > 0 ? teams[t].hours / totalHours : 0
            let sums = teams[t].sums
            teams[t].values = (0..<kc).map { r.evaluate($0, sums: sums, seconds: teams[t].hours * 3600).value }
            teams[t].coverage = (0..<kc).map { r.evaluate($0, sums: sums, seconds: teams[t].hours * 3600).coverage }
            teams[t].expected = (0..<kc).map { k in
                let hasDen = sums.withUnsafeBufferPointer { slots.parts(k, $0).denominator != nil }
                let w = teamWeight[t][k]
                guard w != 0 else { return nil }
                let scale = sums.withUnsafeBufferPointer { slots.parts(k, $0).scale }
                // A ratio's expected value divides by the team's own denominator; a total's is
                // the peers' rate per hour times the team's hours.
                return hasDen ? scale * expectedNum[t][k] / w : scale * expectedNum[t][k]
            }
        }
    }
}
