/// A coating machine's drying oven through its power states. Electrical input as a share of the
/// oven's rated power (coating at 50 Hz), split by where the heat goes (an engineering breakdown for
/// an electrically heated, recirculating electrode-drying oven [M]; only the rated power is fitted):
///
///     fans  f·s³                  supply and exhaust fans, s = frequency ÷ 50 Hz (affinity laws)
///     air   a·s·(T − T_in)/(T₀ − T_in)   heating the exhaust's make-up air, ∝ air flow and lift
///     walls l·(T − T_in)/(T₀ − T_in)     conduction and conveyor openings
///     web   b                      drying the coated web (solvent evaporation and web heating)
///
/// with T₀ = 120 °C the drying set point and T_in = 25 °C the intake. States:
/// - coating: all four terms at the set point;
/// - holding: idle at the set point (no web) — what the ovens do between runs without the measure;
/// - standby: idle with fans at `standbySpeed` and the oven at `standbyC`;
/// - heating: back from standby to the set point before the next run: holding power plus the
///   thermal mass's reheat `reheatEnergy` (rated·h) spread over `warmUp`;
/// - off: Spring Festival outage; the first hour back is a cold start (`coldStartEnergy`).
/// The `coating` measure (the case: "intelligent standby of coating machine, balance of oven operation
/// frequency") drops an idle oven to standby when the production plan shows a gap long enough to pay
/// back the reheat, starts reheating `warmUp` before the next run, and runs the balanced fan frequency
/// `balancedHz` instead of 50 Hz (the exhaust still dilutes solvent vapour below its limit). The saving
/// is the time moved from holding to standby, less the reheats, plus the fans' cube law: it changes the
/// share of time in each state, not a fraction of rated power.
struct CoatingOven {
    static let fanShare = 0.10, airShare = 0.46, wallShare = 0.06, webShare = 0.38
    static let setpointC = 120.0, standbyC = 60.0, intakeC = 25.0
    static let standbySpeed = 0.4
    static let warmUp = 0.5 * 3600.0        // s
    static let reheatEnergy = 0.25          // rated·h: thermal mass × (120 − 60) K
    static let coldStartEnergy = 0.40       // rated·h: thermal mass × (120 − 25) K
    static let baselineHz = 50.0, balancedHz = 45.0
    /// A gap shorter than this is held hot: standby would save less than the reheat costs.
    static let minStandbyGap = warmUp + 0.5 * 3600

    static func lift(_ t: Double) -> Double { (t - intakeC) / (setpointC - intakeC) }

    /// Power as a share of rated in a state, fans at `hz`.
    static func share(_ state: State, hz: Double) -> Double {
        let s = hz / 50
        let hot = fanShare * s * s * s + airShare * s + wallShare
        switch state {
        case .coating: return hot + webShare
        case .holding: return hot
        case .standby:
            let v = standbySpeed
            return fanShare * v * v * v + airShare * v * lift(standbyC) + wallShare * lift(standbyC)
        case .heating: return hot + reheatEnergy * 3600 / warmUp
        case .off: return 0
        }
    }

    enum State: Int, Sendable { case coating, holding, standby, heating, off }
}

/// One coating line's production pattern: coating runs (3–9 h) alternate with idle spells (0.5–6 h:
/// roll changes, cleaning, waiting for material), seeded per line, the same in every scenario. The
/// plan (MES) knows each idle spell's length when it begins, which is what intelligent standby uses.
struct CoatingLine: Sendable {
    var running = false
    var start = 0.0
    var end = -Double.infinity
    var rng: SplitMix64
    var wasOff = false

    init(rng: SplitMix64) { self.rng = rng }

    private mutating func next() {
        running.toggle()
        start = end
        end = start + (running ? 3 + 6 * rng.uniform() : 0.5 + 5.5 * rng.uniform()) * 3600
    }

    /// Seconds spent in each state over (a, b] and the state at b.
    struct Occupancy { var seconds = [Double](repeating: 0, count: 5); var last = CoatingOven.State.coating; var runs = 0.0 }

    mutating func occupancy(from a: Double, to b: Double, standby: Bool) -> Occupancy {
        if end == -.infinity {
            running = false; end = a - rng.uniform() * 6 * 3600; next()
        }
        while end <= a { next() }
        var o = Occupancy()
        func add(_ s: CoatingOven.State, _ lo: Double, _ hi: Double) {
            let x = min(hi, b) - max(lo, a)
            if x > 0 { o.seconds[s.rawValue] += x }
            if lo < b && b <= hi { o.last = s }
        }
        while true {
            if running {
                add(.coating, start, end)
                o.runs += (min(end, b) - max(start, a)) / (b - a)
            } else if standby && end - start >= CoatingOven.minStandbyGap {
                add(.standby, start, end - CoatingOven.warmUp)
                add(.heating, end - CoatingOven.warmUp, end)
            } else {
                add(.holding, start, end)
            }
            if end >= b { break }
            next()
        }
        return o
    }
}
