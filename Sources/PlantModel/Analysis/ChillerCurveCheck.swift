/// Chiller power against the installed machines' curves (energy-reference.md §5.1, "COP vs its
/// curve"): each row, the ReformulatedEIR model of every running chiller gives the power it should
/// draw at the measured leaving chilled-water temperature, leaving condenser-water temperature and its share of
/// the cooling; a day's Σ actual ÷ Σ expected is the target that drift detection watches. Unlike a
/// regression on a month of data, the curves know the whole operating range, so a May baseline
/// holds in August. Which machines are installed is inferred from the baseline days: the candidate
/// set whose curves fit them best.
struct ChillerCurveCheck: Sendable {
    /// Which tags feed the check and which installations may be present (a site file's
    /// `chiller_curves`; tag indices are the site's registry's).
    struct Candidate: Sendable {
        public var name: String
        public var chillers: [ReformulatedEIRChiller]
        public init(name: String, chillers: [ReformulatedEIRChiller]) { self.name = name; self.chillers = chillers }
    }

    let candidates: [Candidate]
    let tags: (lchw: Int, lcw: Int, cooling: Int, power: Int, states: [Int])
    /// Latest reading per tag of the plant (NaN: none yet).
    private var last: [Double]
    private var lastTime = Double.nan
    /// Per candidate: Σ expected power·h and, shared, Σ actual power·h, for the current day.
    private var expected: [Double]
    private var actual = 0.0

    static let targetID = "chiller_power_vs_curve"

    /// The tags it reads from each row.
    var rowTags: [Int] { [tags.lchw, tags.lcw, tags.cooling, tags.power] + tags.states }

    public init(plant: PlantDefinition, config c: ChillerCurveConfig) {
        let r = plant.tags
        tags = (c.leavingCHW, c.leavingCW, c.cooling, c.power, c.states)
        last = Array(repeating: .nan, count: r.count)
        candidates = c.installations
        expected = Array(repeating: 0, count: c.installations.count)
    }

    /// Takes one row; integrates actual and expected power over the interval it closes.
    mutating func observe(_ row: ReadingRow) {
        let t = row.time, rowTags = row.tags, values = row.values
        for k in 0..<rowTags.count where !values[k].isNaN { last[Int(rowTags[k])] = values[k] }
        func known(_ i: Int) -> Double? { last[i].isNaN ? nil : last[i] }
        defer { lastTime = t }
        guard !lastTime.isNaN, t - lastTime > 0, t - lastTime <= 300,
              let lchw = known(tags.lchw), let lcw = known(tags.lcw), let q = known(tags.cooling), let p = known(tags.power), q > 0, p > 0 else { return }
        let h = (t - lastTime) / 3600
        actual += p * h
        // Every row of a log comes here: plain loops over the machines, no arrays built per row.
        for n in candidates.indices {
            let chillers = candidates[n].chillers
            let count = min(chillers.count, tags.states.count)
            func running(_ j: Int) -> Bool { (known(tags.states[j]) ?? 0) > 0.5 }
            var capacity = 0.0, any = false
            for j in 0..<count where running(j) {
                capacity += chillers[j].availableCapacity(lchw: lchw, lcw: lcw)
                any = true
            }
            guard any else { continue }
            // The plant shares load at equal part-load ratio, as its controls do.
            let share = q / max(capacity, 1e-9)
            var power = 0.0
            for j in 0..<count where running(j) {
                power += chillers[j].operate(cooling: share * chillers[j].availableCapacity(lchw: lchw, lcw: lcw), lchw: lchw, lcw: lcw).power
            }
            expected[n] += power * h
        }
    }

    /// Closes a day: the ratio of actual to expected power for each candidate (nil without operation).
    mutating func closeDay() -> [Double?] {
        defer { actual = 0; expected = Array(repeating: 0, count: candidates.count) }
        return expected.map { $0 > 0 && actual > 0 ? actual / $0 : nil }
    }
}

/// A site file's `chiller_curves`: the tags the check reads and the candidate installations.
struct ChillerCurveConfig: Sendable {
    var leavingCHW: Int
    /// Leaving condenser water (the ReformulatedEIR curves' input).
    var leavingCW: Int
    public var cooling: Int
    var power: Int
    public var states: [Int]
    var installations: [ChillerCurveCheck.Candidate]

    public init(leavingCHW: Int, leavingCW: Int, cooling: Int, power: Int, states: [Int], installations: [ChillerCurveCheck.Candidate]) {
        self.leavingCHW = leavingCHW; self.leavingCW = leavingCW; self.cooling = cooling; self.power = power
        self.states = states; self.installations = installations
    }
}
