/// Line auxiliaries (vacuum pump sets, exhaust and purge fans, mixers, conveyors), as groups of
/// `unitsPerGroup` identical units serving one production cell, switched by start/stop.
///
/// Each cell works through campaigns of `batchesPerCampaign` orders, seeded per cell and the same in
/// every scenario: orders of 0.25–1.25 h, gaps between orders of 0.25–1.5 h, 1–5 h between campaigns.
/// An order needs m of the group's units, m = ⌈load × units⌉ with the load drawn per campaign (0.4–1).
/// A unit draws, as a share of its rated power: loaded 1, running unloaded `idleShare`, starting 1 for
/// `startTime` (pump-down, warm-up and purge before it can serve: the start-up energy), stopped 0
/// (engineering values for vacuum and blower sets [M]).
///
/// - Without the measure every order starts the whole group (units not needed run unloaded: the
///   "unnecessary starting of equipment" the case names); after an order the group idles for up to
///   `grace` and is stopped if nothing comes, so the next order starts it again.
/// - With `scheduling` ("quantified equipment operation and energy-saving-focused production
///   scheduling") a campaign's orders run back to back on only the m units they need, which are
///   stopped at the campaign's end when the gap pays back a start (`breakEvenGap`).
/// The saving is starts × start-up energy and unloaded running avoided; the starts are counted.
struct AuxiliaryGroup: Sendable {
    static let unitsPerGroup = 4
    static let batchesPerCampaign = 4
    static let idleShare = 0.45
    static let startTime = 0.5 * 3600.0
    static let grace = 0.5 * 3600.0
    /// Stopping for a gap g saves (g − startTime)·idle and costs startTime·1: worth it above this.
    static let breakEvenGap = startTime * (1 + 1 / idleShare)

    enum State: Int { case loaded, idle, starting, off }
    struct Segment { var end: Double; var state: State }

    var rng: SplitMix64
    let scheduled: Bool
    var segments: [Segment] = []
    var index = 0
    var units = 4          // units running in the current campaign (m with the measure)
    var needed = 4
    var start = -Double.infinity

    init(rng: SplitMix64, scheduled: Bool) {
        self.rng = rng
        self.scheduled = scheduled
    }

    /// Builds the next campaign's timeline from `t`. The draws are the same in every scenario.
    private mutating func plan(from t: Double) {
        let n = AuxiliaryGroup.batchesPerCampaign
        var orders: [Double] = [], gaps: [Double] = []
        for _ in 0..<n { orders.append((0.25 + rng.uniform()) * 3600) }
        for _ in 0..<(n - 1) { gaps.append((0.25 + 1.25 * rng.uniform()) * 3600) }
        gaps.append((1 + 4 * rng.uniform()) * 3600)
        let load = 0.4 + 0.6 * rng.uniform()
        needed = Int((load * Double(AuxiliaryGroup.unitsPerGroup)).rounded(.up))
        units = scheduled ? needed : AuxiliaryGroup.unitsPerGroup
        segments.removeAll(keepingCapacity: true)
        index = 0
        var now = t
        func push(_ d: Double, _ s: State) { if d > 0 { now += d; segments.append(Segment(end: now, state: s)) } }
        // A gap ends where the next campaign (or order) begins; a stop within it ends with a start.
        func gap(_ g: Double, stopAfter: Double) {
            if g >= stopAfter + AuxiliaryGroup.startTime {
                push(stopAfter, .idle)
                push(g - stopAfter - AuxiliaryGroup.startTime, .off)
                push(AuxiliaryGroup.startTime, .starting)
            } else {
                push(g, .idle)
            }
        }
        if scheduled {
            push(orders.reduce(0, +), .loaded)
            let g = gaps.reduce(0, +)
            gap(g, stopAfter: g >= AuxiliaryGroup.breakEvenGap ? 0 : .infinity)
        } else {
            for i in 0..<n {
                push(orders[i], .loaded)
                gap(gaps[i], stopAfter: AuxiliaryGroup.grace)
            }
        }
    }

    /// Unit-seconds in each state over (a, b], starts begun, and the units running at b.
    struct Occupancy { var unitSeconds = [Double](repeating: 0, count: 4); var starts = 0.0; var runningAtEnd = 0 }

    mutating func occupancy(from a: Double, to b: Double) -> Occupancy {
        if start == -.infinity {
            // Campaigns already under way when the record begins.
            start = a - rng.uniform() * 8 * 3600
            plan(from: start)
        }
        var o = Occupancy()
        var segStart = index == 0 ? start : segments[index - 1].end
        while true {
            if index == segments.count {
                start = segments[segments.count - 1].end
                plan(from: start)
                segStart = start
            }
            let s = segments[index]
            let x = min(s.end, b) - max(segStart, a)
            if x > 0 {
                switch s.state {
                case .loaded:
                    o.unitSeconds[State.loaded.rawValue] += Double(needed) * x
                    o.unitSeconds[State.idle.rawValue] += Double(units - needed) * x
                case .idle, .starting:
                    o.unitSeconds[s.state.rawValue] += Double(units) * x
                case .off: break
                }
                if s.state == .starting && segStart >= a && segStart < b { o.starts += Double(units) }
            }
            if segStart < b && b <= s.end { o.runningAtEnd = s.state == .off ? 0 : units }
            if s.end >= b { break }
            segStart = s.end
            index += 1
        }
        return o
    }
}
