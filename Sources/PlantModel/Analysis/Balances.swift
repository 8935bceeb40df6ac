/// The balances a plant's readings must close, row by row: what `plantwatch check` sums per day
/// and what the alarm engine's `balance` rules sum over a rolling window (physics-checks.md).
/// Each balance turns one row's readings into a few sums (already × the row's hours); its value
/// is how far the window's sums lie outside the band physics allows, signed, 0 inside it.
enum Balance: String, Sendable, CaseIterable, Codable {
    /// Boiler: the shell loss left by the direct efficiency (steam·(h_g − h_fw) ÷ gas·LHV) and the
    /// indirect one (1 − Siegert stack loss − blowdown) lies in 0…10 % (percentage points outside).
    case boilerEfficiency = "boiler-efficiency"
    /// flow·ρ·c_p·ΔT against the BTU meter within EN 1434 class 2 (2 + 4·ΔT_min/ΔT % with ΔT_min
    /// = 3 K, + 1 %) (per cent outside).
    case btuClosure = "btu-closure"
    /// Chiller COP ≤ 0.65 × Carnot between supply − 1 K and condenser leaving + 1 K, × (1 + the
    /// cooling and power meters' accuracies) (the window's mean ratio, in % of Carnot above the line).
    case carnot = "chiller-carnot"
    /// Condenser water to the chillers ≥ wet-bulb + 1 K (K below it, negative).
    case towerApproach = "tower-approach"
    /// Chillers + chilled-water pumps + condenser pumps + towers = the plant meter, within the
    /// meters' accuracies (per cent outside).
    case subMeters = "sub-meters"

    /// The roles a rule binds to tags (site file `tags: {role: tag}`; `parts` takes a list), with
    /// the ids the built-in sites use, which serve when a rule binds none.
    var roles: [(role: String, usual: [String])] {
        switch self {
        case .boilerEfficiency:
            return [("steam", ["steam_flow"]), ("gas", ["gas_flow"]), ("makeup", ["makeup_flow"]), ("feedwater", ["feedwater_temp"]),
                    ("pressure", ["steam_pressure"]), ("flue", ["flue_gas_temp"]), ("o2", ["flue_o2"]), ("air", ["outdoor_temp"])]
        case .btuClosure: return [("supply", ["chw_supply_temp"]), ("return", ["chw_return_temp"]), ("flow", ["chw_flow"]), ("meter", ["cooling_power"])]
        case .carnot: return [("supply", ["chw_supply_temp"]), ("cooling", ["cooling_power"]), ("power", ["chillers_power"]), ("condenser", ["cw_return_temp"])]
        case .towerApproach: return [("condenser", ["cw_supply_temp"]), ("wetbulb", ["wet_bulb"]), ("cooling", ["cooling_power"])]
        case .subMeters: return [("main", ["plant_power"]), ("parts", ["chillers_power", "chw_pumps_power", "cw_pumps_power", "towers_power"])]
        }
    }

    /// The usual tag ids, in role order.
    var tags: [String] { roles.flatMap(\.usual) }

    var unit: Unit {
        switch self {
        case .towerApproach: return .kelvin
        default: return .percent
        }
    }

    /// One row's sums (values in `tags` order; h: the row's hours); false when the row says nothing
    /// (plant off, a reading missing).
    static func row(_ b: Balance, _ v: [Double], h: Double, lhv: Double, into s: inout SIMD4<Double>) -> Bool {
        guard !v.contains(where: \.isNaN) else { return false }
        switch b {
        case .boilerEfficiency:
            guard let t = Balance.boiler(steam: v[0], gas: v[1], makeup: v[2], feedC: v[3], pressureGauge: v[4], flueC: v[5],
                                         o2: v[6], airC: v[7], lhv: lhv) else { return false }
            s[0] = t.fuel * h; s[1] = (t.stack + t.blowdown + t.useful) * h
        case .btuClosure:
            let (sup, ret, flow, q) = (v[0], v[1], v[2], v[3])
            guard q > 50, flow > 1 else { return false }
            s[0] = q * h; s[1] = flow * WaterProperties.volumetricHeat(celsius: (sup + ret) / 2) * (ret - sup) * h; s[2] = (ret - sup) * h; s[3] = h
        case .carnot:
            let (sup, q, p, cwr) = (v[0], v[1], v[2], v[3])
            guard q > 50, p > 1 else { return false }
            s[0] = q / p / ReformulatedEIRChiller.carnotCOP(lchw: sup, lcw: cwr) * h; s[1] = h
        case .towerApproach:
            guard v[2] > 50 else { return false }
            s[0] = (v[0] - v[1]) * h; s[1] = h
        case .subMeters:
            guard v[0] > 1 else { return false }
            s[0] = v[0] * h; s[1] = v.dropFirst().reduce(0, +) * h
        }
        return true
    }

    /// The window's value from its sums and the hours they cover: how far outside the band.
    /// `tolerance` (from the bound meters' accuracies, `tolerance(_:plant:tags:)`): the sub-meters'
    /// band; for the Carnot line, how far the two meters may lift the logged COP.
    static func value(_ b: Balance, _ s: SIMD4<Double>, tolerance: Double) -> Double {
        func outside(_ x: Double, _ lo: Double, _ hi: Double) -> Double { x < lo ? x - lo : (x > hi ? x - hi : 0) }
        switch b {
        case .boilerEfficiency:
            guard s[0] > 0 else { return .nan }
            return outside(1 - s[1] / s[0], 0, 0.10) * 100
        case .btuClosure:
            guard s[0] > 0, s[3] > 0 else { return .nan }
            let tol = BalanceCheck.btuTolerance(meanDeltaT: s[2] / s[3])
            return outside(s[1] / s[0] - 1, -tol, tol) * 100
        case .carnot:
            guard s[1] > 0 else { return .nan }
            return outside(s[0] / s[1], 0, 0.65 * (1 + tolerance)) * 100
        case .towerApproach:
            guard s[1] > 0 else { return .nan }
            return outside(s[0] / s[1], 1, .infinity)
        case .subMeters:
            guard s[0] > 0 else { return .nan }
            return outside(s[1] / s[0] - 1, -tolerance, tolerance) * 100
        }
    }

    /// What the bound meters' accuracies allow: the sub-meters' band (BalanceCheck.subMeterTolerance);
    /// for the Carnot line the cooling and power meters' accuracies added (a BTU meter reading high and
    /// a power meter reading low lift the logged COP by both; unstated counts 0); 0 otherwise.
    static func tolerance(_ b: Balance, plant: PlantDefinition, tags ids: [String]) -> Double {
        switch b {
        case .subMeters: return BalanceCheck.subMeterTolerance(plant, ids[0], Array(ids.dropFirst()))
        case .carnot:
            return [ids[1], ids[2]].reduce(0) { $0 + (plant.tags.index(of: $1).flatMap { plant.tags.tags[$0].accuracy } ?? 0) }
        default: return 0
        }
    }

    /// One boiler row, MJ/h (fuel, and what the steam takes, the stack loses and the blowdown
    /// drains), when the boiler fires; steam and make-up in t/h.
    struct BoilerTerms { var steam, makeup, fuel, useful, blowdown, stack: Double }
    static func boiler(steam: Double, gas: Double, makeup: Double, feedC: Double, pressureGauge: Double, flueC: Double,
                       o2: Double, airC: Double, lhv: Double) -> BoilerTerms? {
        guard steam > 0.2, gas > 1, o2 < 20 else { return nil }
        let p = pressureGauge + 0.101325
        let hg = IF97.saturatedSteamEnthalpy(pressureMPa: p), hf = IF97.saturatedLiquidEnthalpy(pressureMPa: p)
        let hfw = IF97.waterEnthalpy(celsius: feedC, pressureMPa: p + 0.1)
        let fuel = gas * lhv
        return BoilerTerms(steam: steam, makeup: makeup, fuel: fuel, useful: steam * (hg - hfw),
                           blowdown: max(0, makeup - steam) * (hf - hfw), stack: SteamBoiler.stackLoss(flueC: flueC, airC: airC, o2: o2) * fuel)
    }
}

/// A balance summed over a rolling window in buckets (the alarm engine's `balance` rules): a
/// window less than 75 % covered by rows the balance can use says nothing.
struct BalanceWindow: Sendable {
    let balance: Balance
    let length: Double
    let tags: [Int]
    let tolerance: Double
    let lhv: Double
    private let bucketLength: Double
    /// Per bucket: the balance's sums (a SIMD4 value: no allocation per row or per evaluation).
    private var buckets: [SIMD4<Double>]
    private var hours: [Double]
    private var bucketStart: [Double]
    private var values: [Double]
    private var lastTime = Double.nan
    static let bucketCount = 12
    static let coverage = 0.75

    init(balance: Balance, length: Double, tags: [Int], tolerance: Double, lhv: Double) {
        self.balance = balance; self.length = length; self.tags = tags; self.tolerance = tolerance; self.lhv = lhv
        bucketLength = length / Double(BalanceWindow.bucketCount)
        buckets = Array(repeating: .zero, count: BalanceWindow.bucketCount)
        hours = Array(repeating: 0, count: BalanceWindow.bucketCount)
        bucketStart = Array(repeating: -.infinity, count: BalanceWindow.bucketCount)
        values = Array(repeating: .nan, count: tags.count)
    }

    /// Takes the latest readings (per tag: NaN = none or stale) at `t`; the interval since the
    /// previous row counts at these values.
    mutating func add(time t: Double, latest: (Int) -> Double) {
        defer { lastTime = t }
        for k in tags.indices { values[k] = latest(tags[k]) }
        guard !lastTime.isNaN else { return }
        let dt = t - lastTime
        guard dt > 0, dt <= 7200 else { return }
        let h = dt / 3600
        var row = SIMD4<Double>.zero
        guard Balance.row(balance, values, h: h, lhv: lhv, into: &row) else { return }
        let start = (t / bucketLength).rounded(.down) * bucketLength
        let b = Int((start / bucketLength).truncatingRemainder(dividingBy: Double(BalanceWindow.bucketCount)))
        if bucketStart[b] != start {
            bucketStart[b] = start
            buckets[b] = .zero
            hours[b] = 0
        }
        buckets[b] += row
        hours[b] += h
    }

    /// The balance over the window ending at `now`, NaN when too little of it is covered.
    func value(now: Double) -> Double {
        var s = SIMD4<Double>.zero, covered = 0.0
        for b in 0..<BalanceWindow.bucketCount where bucketStart[b] > now - length && bucketStart[b] <= now {
            s += buckets[b]
            covered += hours[b]
        }
        guard covered * 3600 >= BalanceWindow.coverage * length else { return .nan }
        return Balance.value(balance, s, tolerance: tolerance)
    }
}
