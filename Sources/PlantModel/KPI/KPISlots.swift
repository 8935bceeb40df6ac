/// The sums every KPI of a plant is built from, laid out as one flat vector so that a period,
/// a rolling window or a whole log keeps the same few numbers and a KPI is a ratio of two dot
/// products. Layout: per tag its quantity Σ, time integral Σ (value·h) and covered hours; then one
/// slot per (tag, by) pair of weighted terms.
public struct KPISlots: Sendable {
    public let registry: TagRegistry
    public let kpis: [KPIDefinition]
    /// Each tag's sampling interval and maximum age (learned from a log, or the site file's).
    public let timing: TagTiming
    let tagCount: Int
    let weightedPairs: [(tag: Int, by: Int)]
    /// Time-dependent terms: (tag, schedule) pairs of `.scheduled` terms, then the schedules of
    /// `.clock` terms, each with a slot after the weighted pairs'.
    let scheduledPairs: [(tag: Int, schedule: TimeSchedule)]
    public let clocks: [TimeSchedule]
    /// For each KPI, the tags whose coverage decides whether it is certain.
    let kpiTags: [[Int]]
    /// The slots any KPI formula or coverage reads; the others stay zero and need no upkeep.
    var usedSlots: [Int] { usedSlots(kpis: nil) }

    /// The slots these KPIs' formulas and coverage read (all KPIs: nil).
    func usedSlots(kpis subset: [Int]?) -> [Int] {
        var s = Set<Int>()
        for k in subset ?? Array(kpis.indices) {
            for j in numStart[k]..<denEnd[k] { s.insert(termSlot[j]) }
            for j in coverStart[k]..<coverStart[k + 1] { s.insert(coverSlot[j]) }
        }
        return s.sorted()
    }

    /// Every tag some KPI reads.
    var usedTags: Set<Int> {
        var s = Set(kpiTags.joined())
        for p in weightedPairs { s.insert(p.tag); s.insert(p.by) }
        return s
    }
    /// For each tag, the weighted-pair indices in which it is the `by` tag.
    let pairsByWeight: [[Int]]
    /// The formulas as flat tables, for evaluation at every row (no nested arrays to retain):
    /// KPI k's numerator terms are term[numStart[k] ..< denStart[k]], its denominator's
    /// term[denStart[k] ..< denEnd[k]] (none: hasDenominator false), its coverage slots
    /// coverSlot[coverStart[k] ..< coverStart[k + 1]].
    private let termSlot: [Int]
    private let termCoef: [Double]
    private let numStart: [Int]
    private let denStart: [Int]
    private let denEnd: [Int]
    private let hasDenominator: [Bool]
    private let scale: [Double]
    private let coverSlot: [Int]
    private let coverStart: [Int]
    /// Per KPI: seconds by which its tags' covered times may differ and the spans still count as
    /// the same: 0.9 of an interval of its slowest tag, for two meters read at different instants
    /// (which differ by less than an interval); one missed reading (a whole interval) is not matched.
    private let matchTolerance: [Double]
    /// Per slot: an increment of a covered-hours slot longer than this (a totaliser's advance
    /// across a dropout) is exact only where its whole interval lies inside a period or window;
    /// elsewhere its quantity is shared out pro rata but none of its hours count as covered.
    let wholeOnlyBeyond: [Double]
    /// Hours added to a covered-hours slot, negatively, to mark its sums as holding an estimate
    /// (a pro rata share of a dropout's advance): the tag's coverage is then 0 and any ratio it
    /// feeds unmatched. Larger than any real coverage (a century is 876,000 h), small enough to
    /// keep sums of hours exact to 1e-10 h.
    static let estimateMark = 1e6

    public var count: Int { 3 * tagCount + weightedPairs.count + scheduledPairs.count + clocks.count }
    @inline(__always) public func quantity(_ tag: Int) -> Int { tag }
    @inline(__always) public func timeIntegral(_ tag: Int) -> Int { tagCount + tag }
    @inline(__always) public func covered(_ tag: Int) -> Int { 2 * tagCount + tag }
    @inline(__always) public func weighted(_ pair: Int) -> Int { 3 * tagCount + pair }
    @inline(__always) public func scheduled(_ pair: Int) -> Int { 3 * tagCount + weightedPairs.count + pair }
    @inline(__always) public func clock(_ i: Int) -> Int { 3 * tagCount + weightedPairs.count + scheduledPairs.count + i }

    struct UnknownTag: Error, CustomStringConvertible {
        public let kpi: String, tag: String
        public var description: String { "KPI \(kpi) reads tag '\(tag)', which the plant does not have" }
    }

    public init(registry: TagRegistry, kpis: [KPIDefinition], timing: TagTiming? = nil) throws {
        self.registry = registry
        self.kpis = kpis
        let timing = timing ?? TagTiming(registry: registry)
        self.timing = timing
        tagCount = registry.count
        var pairs: [(Int, Int)] = []
        // Scheduled terms are numbered apart and placed after the weighted pairs once those are known.
        var sched: [(Int, TimeSchedule)] = [], clockList: [TimeSchedule] = []
        let pending = -1_000_000_000
        func resolve(_ k: KPIDefinition, _ id: String) throws -> Int {
            guard let i = registry.index(of: id) else { throw UnknownTag(kpi: k.id, tag: id) }
            return i
        }
        var nums: [[(Int, Double)]] = [], dens: [[(Int, Double)]?] = [], tags: [[Int]] = []
        let n = registry.count
        for k in kpis {
            func compile(_ terms: [KPITerm]) throws -> [(Int, Double)] {
                try terms.map { term in
                    switch term {
                    case .quantity(let t, let c): return (try resolve(k, t), c)
                    case .timeIntegral(let t, let c): return (n + (try resolve(k, t)), c)
                    case .hours(let t, let c): return (2 * n + (try resolve(k, t)), c)
                    case .weighted(let t, let by, let c):
                        let p = (try resolve(k, t), try resolve(k, by))
                        if let idx = pairs.firstIndex(where: { $0 == p }) { return (3 * n + idx, c) }
                        pairs.append(p)
                        return (3 * n + pairs.count - 1, c)
                    case .scheduled(let t, let sch, let c):
                        let p = (try resolve(k, t), sch)
                        if let idx = sched.firstIndex(where: { $0.0 == p.0 && $0.1 == p.1 }) { return (pending + idx, c) }
                        sched.append(p)
                        return (pending + sched.count - 1, c)
                    case .clock(let sch, let c):
                        if let idx = clockList.firstIndex(of: sch) { return (2 * pending + idx, c) }
                        clockList.append(sch)
                        return (2 * pending + clockList.count - 1, c)
                    }
                }
            }
            nums.append(try compile(k.numerator))
            dens.append(try k.denominator.map(compile))
            tags.append(try k.tags.map { try resolve(k, $0) })
        }
        weightedPairs = pairs
        scheduledPairs = sched.map { (tag: $0.0, schedule: $0.1) }
        clocks = clockList
        // Place the scheduled and clock slots after the weighted pairs.
        func place(_ s: Int) -> Int {
            // A clock's number is 2·pending + i, a scheduled pair's pending + i.
            if s < pending + pending / 2 { return 3 * n + pairs.count + sched.count + (s - 2 * pending) }
            if s < 0 { return 3 * n + pairs.count + (s - pending) }
            return s
        }
        nums = nums.map { $0.map { (place($0.0), $0.1) } }
        dens = dens.map { $0.map { $0.map { (place($0.0), $0.1) } } }
        kpiTags = tags
        pairsByWeight = (0..<n).map { t in pairs.indices.filter { pairs[$0].1 == t } }
        var ts: [Int] = [], tc: [Double] = [], ns: [Int] = [], ds: [Int] = [], de: [Int] = [], cs: [Int] = [], cst: [Int] = []
        for k in kpis.indices {
            ns.append(ts.count)
            for (s, c) in nums[k] { ts.append(s); tc.append(c) }
            ds.append(ts.count)
            for (s, c) in dens[k] ?? [] { ts.append(s); tc.append(c) }
            de.append(ts.count)
            cst.append(cs.count)
            for t in tags[k] { cs.append(2 * n + t) }
        }
        cst.append(cs.count)
        termSlot = ts; termCoef = tc; numStart = ns; denStart = ds; denEnd = de
        hasDenominator = dens.map { $0 != nil }
        scale = kpis.map(\.scale)
        coverSlot = cs; coverStart = cst
        matchTolerance = tags.map { list in 0.9 * (list.map { timing.interval[$0] }.max() ?? 0) }
        var whole = Array(repeating: Double.infinity, count: 3 * n + pairs.count + sched.count + clockList.count)
        for i in 0..<n { whole[2 * n + i] = registry.tags[i].kind == .totaliser ? timing.maxAge[i] : .infinity }
        wholeOnlyBeyond = whole
    }

    /// A KPI's value from a sums vector; nil when its denominator is zero.
    public func value(_ k: Int, _ sums: UnsafeBufferPointer<Double>) -> Double? {
        var num = 0.0
        for j in numStart[k]..<denStart[k] { num += termCoef[j] * sums[termSlot[j]] }
        guard hasDenominator[k] else { return scale[k] * num }
        var d = 0.0
        for j in denStart[k]..<denEnd[k] { d += termCoef[j] * sums[termSlot[j]] }
        guard d != 0 else { return nil }
        return scale[k] * num / d
    }

    /// A KPI's numerator and denominator (nil without one) from a sums vector, before `scale`:
    /// what comparisons that reweight periods (teams against their peers) need.
    public func parts(_ k: Int, _ sums: UnsafeBufferPointer<Double>) -> (numerator: Double, denominator: Double?, scale: Double) {
        var num = 0.0
        for j in numStart[k]..<denStart[k] { num += termCoef[j] * sums[termSlot[j]] }
        guard hasDenominator[k] else { return (num, nil, scale[k]) }
        var d = 0.0
        for j in denStart[k]..<denEnd[k] { d += termCoef[j] * sums[termSlot[j]] }
        return (num, d, scale[k])
    }

    /// Whether the KPI's tags cover the same time (within `matchTolerance`): the condition for a ratio of their sums to be unbiased. A gas meter silent
    /// for an hour while steam is counted would make gas per tonne read low; unmatched, it is unknown.
    func matched(_ k: Int, _ sums: UnsafeBufferPointer<Double>, seconds: Double) -> Bool {
        let a = coverStart[k], b = coverStart[k + 1]
        guard b - a > 1 else { return true }
        var lo = Double.infinity, hi = -Double.infinity
        for j in a..<b { let h = sums[coverSlot[j]]; lo = min(lo, h); hi = max(hi, h) }
        // The slack covers rounding in sums of hours, nothing more.
        return (hi - lo) * 3600 <= matchTolerance[k] + 1e-9 * seconds
    }

    /// KPI k over a window or period of `seconds`: its value where the tool can stand behind it
    /// (nil when the denominator is zero or the tags' covered spans differ), and its coverage.
    public func evaluate(_ k: Int, _ sums: UnsafeBufferPointer<Double>, seconds: Double) -> (value: Double?, coverage: Double) {
        let c = coverage(k, sums, seconds: seconds)
        guard matched(k, sums, seconds: seconds) else { return (nil, c) }
        return (value(k, sums), c)
    }

    /// Fraction of `seconds` that the KPI's least-covered tag has data for.
    public func coverage(_ k: Int, _ sums: UnsafeBufferPointer<Double>, seconds: Double) -> Double {
        guard seconds > 0 else { return 0 }
        var c = 1.0
        for j in coverStart[k]..<coverStart[k + 1] { c = min(c, sums[coverSlot[j]] * 3600 / seconds) }
        return min(1, max(0, c))
    }
}
