import Foundation

/// Tests a log against the physics its plant must obey and names the meter or sensor that
/// disagrees (physics-checks.md): energy engineers validate data this way before they trust a KPI.
///
/// Boiler (steam, gas, make-up, feedwater, pressure, flue temperature and O₂):
/// - mass: make-up − steam = blowdown, so Σ make-up ÷ Σ steam − 1 lies in 0…15 %;
/// - energy: the direct efficiency steam·(h_g − h_fw) ÷ gas·LHV against the indirect one,
///   1 − Siegert stack loss − blowdown·(h_f − h_fw) ÷ gas·LHV; what is left is the shell loss, 0…10 %;
/// - a meter that changes its reading mid-log shows as a step in the daily series; the meter common to
///   the balances that step is named: steam (mass and energy), make-up (mass only), gas (energy only),
///   flue analyser (energy, with the stack loss itself stepping).
/// Chiller plant (chilled-water temperatures and flow, BTU meter, powers, condenser water, wet-bulb):
/// - BTU closure: flow·ρ·c_p·ΔT against the BTU meter, within EN 1434 class 2 (2 + 4·ΔT_min/ΔT % with
///   ΔT_min = 3 K, + 1 %); a temperature sensor's offset is additive (constant K), a flow or energy
///   meter's is multiplicative — the daily implied ΔT error and its trend say which, and a drifting
///   sensor is named with its rate;
/// - chiller COP ≤ 0.65 × Carnot between supply − 1 K and condenser leaving + 1 K;
/// - tower approach: condenser water to the chillers ≥ wet-bulb + 1 K;
/// - sub-meters: chillers + chilled-water pumps + condenser pumps + towers = the plant meter, and
///   chiller 1 + chiller 2 = the chillers' meter, within 2 %.
public struct BalanceCheck: Sendable {
    public enum Verdict: String, Sendable { case pass, fail, skipped }

    public struct Finding: Sendable, Equatable {
        public var check: String
        public var verdict: Verdict
        public var value: String
        public var limit: String
        /// The sensor or meter most likely wrong (empty when the check passes).
        public var suspect: String
        public var detail: String
    }

    let plant: PlantDefinition
    let lhv: Double
    let carnotLimit: Double
    private var last: [Double]
    private var lastTime = Double.nan
    private var index: [String: Int] = [:]
    /// Per local day: sums keyed by name.
    private var days: [Int: [String: Double]] = [:]
    private var carnotRows = 0, carnotBad = 0, worstCarnot = 0.0
    private var approachRows = 0, approachBad = 0, worstApproach = Double.infinity

    public init(plant: PlantDefinition) {
        self.plant = plant
        carnotLimit = BalanceCheck.carnotLimit(for: plant)
        lhv = plant.factors.gasLHV
        last = Array(repeating: .nan, count: plant.tags.count)
        for (i, t) in plant.tags.tags.enumerated() { index[t.id] = i }
    }

    static let boilerTags = ["steam_flow", "gas_flow", "makeup_flow", "feedwater_temp", "steam_pressure", "flue_gas_temp", "flue_o2", "outdoor_temp"]
    static let chillerTags = ["chw_supply_temp", "chw_return_temp", "chw_flow", "cooling_power", "chillers_power", "cw_supply_temp",
                              "cw_return_temp", "wet_bulb", "chw_pumps_power", "cw_pumps_power", "towers_power", "plant_power", "ch1_power", "ch2_power"]

    var hasBoiler: Bool { BalanceCheck.boilerTags.allSatisfy { index[$0] != nil } }
    var hasChillers: Bool { BalanceCheck.chillerTags.allSatisfy { index[$0] != nil } }

    /// The tags the checks read.
    public var neededTags: Set<Int> {
        Set((hasBoiler ? BalanceCheck.boilerTags : []).compactMap { index[$0] } + (hasChillers ? BalanceCheck.chillerTags : []).compactMap { index[$0] })
    }

    private func v(_ id: String) -> Double { last[index[id]!] }

    /// Takes one row (tag indices and values, as LogReader delivers them).
    public mutating func add(time t: Double, tags: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>) {
        for k in 0..<tags.count where !values[k].isNaN { last[Int(tags[k])] = values[k] }
        step(t)
    }

    /// Takes one row as the log reader delivers it.
    public mutating func add(_ row: ReadingRow) {
        add(time: row.time, tags: row.tags, values: row.values)
    }

    /// Takes one full row in registry order (NaN = no reading).
    public mutating func add(time t: Double, row: [Double]) {
        for k in row.indices where !row[k].isNaN { last[k] = row[k] }
        step(t)
    }

    private mutating func step(_ t: Double) {
        defer { lastTime = t }
        guard !lastTime.isNaN else { return }
        let dt = t - lastTime
        guard dt > 0, dt <= 7200 else { return }
        let h = dt / 3600
        let day = Int(((t + Double(plant.utcOffset)) / 86_400).rounded(.down))
        var d = days[day] ?? [:]
        if hasBoiler { boilerRow(h, &d) }
        if hasChillers { chillerRow(h, &d) }
        days[day] = d
    }

    private func boilerRow(_ h: Double, _ d: inout [String: Double]) {
        guard let b = Balance.boiler(steam: v("steam_flow"), gas: v("gas_flow"), makeup: v("makeup_flow"), feedC: v("feedwater_temp"),
                                     pressureGauge: v("steam_pressure"), flueC: v("flue_gas_temp"), o2: v("flue_o2"), airC: v("outdoor_temp"),
                                     lhv: lhv), ![b.steam, b.makeup, b.fuel, b.useful, b.blowdown, b.stack].contains(where: \.isNaN) else { return }
        d["steam", default: 0] += b.steam * h
        d["makeup", default: 0] += b.makeup * h
        d["fuel", default: 0] += b.fuel * h
        d["useful", default: 0] += b.useful * h
        d["blowdown", default: 0] += b.blowdown * h
        d["stack", default: 0] += b.stack * h
    }

    private mutating func chillerRow(_ h: Double, _ d: inout [String: Double]) {
        let sup = v("chw_supply_temp"), ret = v("chw_return_temp"), flow = v("chw_flow"), q = v("cooling_power")
        let pch = v("chillers_power"), cws = v("cw_supply_temp"), cwr = v("cw_return_temp"), wb = v("wet_bulb")
        guard [sup, ret, flow, q, pch, cws, cwr, wb].allSatisfy({ !$0.isNaN }), q > 50, flow > 1, pch > 1 else { return }
        let k = WaterProperties.volumetricHeat(celsius: (sup + ret) / 2)
        d["btu_meter", default: 0] += q * h
        d["btu_water", default: 0] += flow * k * (ret - sup) * h
        d["dt_error_x_k", default: 0] += ((flow * k * (ret - sup) - q) / (flow * k)) * h
        d["dt", default: 0] += (ret - sup) * h
        d["hours", default: 0] += h
        let parts = ["chw_pumps_power", "cw_pumps_power", "towers_power"].map(v)
        let plantP = v("plant_power"), c1 = v("ch1_power"), c2 = v("ch2_power")
        if !plantP.isNaN, !parts.contains(where: \.isNaN) {
            d["plant_meter", default: 0] += plantP * h
            d["plant_parts", default: 0] += (pch + parts.reduce(0, +)) * h
        }
        if !c1.isNaN, !c2.isNaN {
            d["chillers_meter", default: 0] += pch * h
            d["chillers_parts", default: 0] += (c1 + c2) * h
        }
        let ratio = (q / pch) / ReformulatedEIRChiller.carnotCOP(lchw: sup, lcw: cwr)
        carnotRows += 1
        worstCarnot = max(worstCarnot, ratio)
        if ratio > carnotLimit { carnotBad += 1 }
        approachRows += 1
        worstApproach = min(worstApproach, cws - wb)
        // Sensor noise (±0.05–0.1 K each) is allowed for: 0.8 K is the line.
        if cws - wb < 0.8 { approachBad += 1 }
    }

    // MARK: verdicts

    /// A step in a daily series: the split (≥ `minSide` days each side) with the largest Welch t statistic.
    struct Step { var day: Int; var before: Double; var after: Double; var t: Double }
    static func step(_ xs: [(day: Int, x: Double)], minSide: Int = 3) -> Step? {
        guard xs.count >= 2 * minSide else { return nil }
        var best: Step?
        for k in minSide...(xs.count - minSide) {
            let a = xs[..<k].map(\.x), b = xs[k...].map(\.x)
            let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
            let va = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) } / Double(a.count - 1)
            let vb = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) } / Double(b.count - 1)
            let t = abs(mb - ma) / max((va / Double(a.count) + vb / Double(b.count)).squareRoot(), 1e-12)
            if best == nil || t > best!.t { best = Step(day: xs[k].day, before: ma, after: mb, t: t) }
        }
        return best
    }

    /// Least-squares slope per day and its standard error.
    static func trend(_ xs: [(day: Int, x: Double)]) -> (slope: Double, se: Double)? {
        guard xs.count >= 5 else { return nil }
        let n = Double(xs.count)
        let mx = xs.reduce(0) { $0 + Double($1.day) } / n, my = xs.reduce(0) { $0 + $1.x } / n
        var sxx = 0.0, sxy = 0.0
        for p in xs { sxx += (Double(p.day) - mx) * (Double(p.day) - mx); sxy += (Double(p.day) - mx) * (p.x - my) }
        let b = sxy / sxx
        var sse = 0.0
        for p in xs { let r = p.x - my - b * (Double(p.day) - mx); sse += r * r }
        return (b, (sse / max(n - 2, 1) / sxx).squareRoot())
    }

    func dayDate(_ day: Int) -> String {
        let c = CivilTime(epoch: Double(day) * 86_400, offset: 0)
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    func series(_ f: ([String: Double]) -> Double?) -> [(day: Int, x: Double)] {
        days.keys.sorted().compactMap { k in f(days[k]!).map { (k, $0) } }
    }

    func total(_ key: String) -> Double { days.values.reduce(0) { $0 + ($1[key] ?? 0) } }

    /// Logged COP ÷ Carnot above which a row is impossible: 0.65 (physics-checks.md) plus 3σ of the
    /// power and BTU meters' 1 % noise; `carnotLimit(for:)` adds the meters' stated accuracies.
    static let carnotLimit = 0.65 * (1 + 3 * (2 * 0.01 * 0.01).squareRoot())
    /// For a plant: a BTU meter reading high and a power meter reading low, each within its class,
    /// lift the logged COP by both accuracies.
    static func carnotLimit(for plant: PlantDefinition) -> Double {
        carnotLimit * (1 + Balance.tolerance(.carnot, plant: plant, tags: Balance.carnot.tags))
    }

    /// Relative step considered real: 1.5 % with t > 8 (daily noise of clean simulated logs is a few tenths of a per cent).
    static let stepFraction = 0.015
    static let stepT = 8.0

    /// EN 1434 class 2 for a complete BTU meter at a mean ΔT (ΔT_min = 3 K), + 1 % for the flow meter.
    static func btuTolerance(meanDeltaT dt: Double) -> Double { (2 + 4 * 3 / max(dt, 0.5) + 1) / 100 }

    /// How far the sum of sub-meters may read from their main meter: the main meter's accuracy plus
    /// the worst sub-meter's (the sum's error is a weighted mean of theirs; accuracies are limits, so
    /// they add), plus 0.5 % for noise and rounding; 2 % (physics-checks.md) when a meter states none.
    func subMeterTolerance(_ main: String, _ parts: [String]) -> Double { BalanceCheck.subMeterTolerance(plant, main, parts) }
    static func subMeterTolerance(_ plant: PlantDefinition, _ main: String, _ parts: [String]) -> Double {
        let a = ([main] + parts).map { plant.tags.index(of: $0).flatMap { plant.tags.tags[$0].accuracy } }
        guard a.allSatisfy({ $0 != nil }) else { return 0.02 }
        return a[0]! + a.dropFirst().map { $0! }.max()! + 0.005
    }

    public func findings() -> [Finding] {
        var out: [Finding] = []
        if hasBoiler { out += boilerFindings() }
        if hasChillers { out += chillerFindings() }
        if out.isEmpty {
            out.append(Finding(check: "balances", verdict: .skipped, value: "", limit: "",
                               suspect: "", detail: "plant \(plant.id) has no boiler or chiller-plant tag set these checks know"))
        }
        return out
    }

    func boilerFindings() -> [Finding] {
        let steam = total("steam")
        guard steam > 0 else { return [Finding(check: "boiler balances", verdict: .skipped, value: "", limit: "", suspect: "", detail: "the boiler never fired")] }
        func eff(_ d: [String: Double]) -> Double? {
            guard let f = d["fuel"], f > 0 else { return nil }
            return 1 - d["stack"]! / f - d["blowdown"]! / f - d["useful"]! / f   // = shell loss
        }
        let massS = series { d in d["steam"].flatMap { $0 > 0 ? d["makeup"]! / $0 - 1 : nil } }
        let shellS = series(eff)
        let stackS = series { d in d["fuel"].flatMap { $0 > 0 ? d["stack"]! / $0 : nil } }
        let usefulS = series { d in d["fuel"].flatMap { $0 > 0 ? d["useful"]! / $0 : nil } }
        let blow = total("makeup") / steam - 1
        let shell = 1 - (total("stack") + total("blowdown") + total("useful")) / total("fuel")
        // Steps, relative to the quantity each series measures.
        let massStep = BalanceCheck.step(massS.map { ($0.day, 1 + $0.x) })
        let effStep = BalanceCheck.step(usefulS)
        let stackStep = BalanceCheck.step(stackS)
        func real(_ s: Step?, scale: Double) -> Step? {
            guard let s, s.t > BalanceCheck.stepT, abs(s.after - s.before) > BalanceCheck.stepFraction * scale else { return nil }
            return s
        }
        let m = real(massStep, scale: 1), e = real(effStep, scale: usefulS.first?.x ?? 0.85), sk = real(stackStep, scale: 0.5)
        var suspect = "", stepText = ""
        if let m, let e, abs(m.day - e.day) <= 1 {
            suspect = "steam_flow"
            stepText = "from \(dayDate(m.day)) the steam meter reads \(String(format: "%+.1f", ((e.after / e.before) - 1) * 100)) % against gas (energy) and \(String(format: "%+.1f", (m.before / m.after - 1) * 100)) % against make-up (mass)"
        } else if let m {
            suspect = "makeup_flow"
            stepText = "from \(dayDate(m.day)) make-up ÷ steam steps \(String(format: "%+.1f", (m.after / m.before - 1) * 100)) % with no step in the energy balance"
        } else if let e {
            if let sk, abs(sk.day - e.day) <= 1 {
                suspect = "flue_gas_temp / flue_o2"
                stepText = "from \(dayDate(sk.day)) the analyser's stack loss steps \(String(format: "%+.2f", (sk.after - sk.before) * 100)) points"
            } else {
                suspect = "gas_flow"
                stepText = "from \(dayDate(e.day)) steam energy ÷ gas energy steps \(String(format: "%+.1f", (e.after / e.before - 1) * 100)) % with no step in make-up ÷ steam"
            }
        }
        var out: [Finding] = []
        let massOK = (0.0...0.15).contains(blow)
        out.append(Finding(check: "boiler mass: make-up − steam = blowdown", verdict: massOK && suspect != "steam_flow" && suspect != "makeup_flow" ? .pass : .fail,
                           value: String(format: "%.1f %% of steam", blow * 100), limit: "0–15 %",
                           suspect: massOK ? (suspect == "steam_flow" || suspect == "makeup_flow" ? suspect : "") : (blow < 0 ? "steam_flow (reads high) or makeup_flow (low)" : "makeup_flow (reads high) or steam_flow (low)"),
                           detail: suspect == "steam_flow" || suspect == "makeup_flow" ? stepText : "blowdown from the two meters"))
        let effOK = (0.0...0.10).contains(shell)
        let effSuspect = suspect.isEmpty ? "" : suspect
        out.append(Finding(check: "boiler energy: direct vs indirect efficiency", verdict: effOK && effSuspect.isEmpty ? .pass : .fail,
                           value: String(format: "shell loss %.1f %%", shell * 100), limit: "0–10 %",
                           suspect: effOK ? effSuspect : (effSuspect.isEmpty ? (shell < 0 ? "steam_flow (reads high) or gas_flow (low)" : "gas_flow (reads high) or steam_flow (low)") : effSuspect),
                           detail: effSuspect.isEmpty ? String(format: "η direct %.1f %%, stack %.1f %%, blowdown %.1f %%",
                                                              total("useful") / total("fuel") * 100, total("stack") / total("fuel") * 100, total("blowdown") / total("fuel") * 100) : stepText))
        _ = shellS
        return out
    }

    func chillerFindings() -> [Finding] {
        var out: [Finding] = []
        let meter = total("btu_meter"), water = total("btu_water"), hours = total("hours")
        guard meter > 0, hours > 0 else { return [Finding(check: "chiller balances", verdict: .skipped, value: "", limit: "", suspect: "", detail: "the plant never ran")] }
        let dt = total("dt") / hours
        let tol = BalanceCheck.btuTolerance(meanDeltaT: dt)
        let closure = water / meter - 1
        // Daily implied ΔT error (K): trend → a drifting temperature sensor; step in the ratio → a meter.
        let errS = series { d in d["hours"].flatMap { $0 > 0 ? d["dt_error_x_k"]! / $0 : nil } }
        let ratioS = series { d in d["btu_meter"].flatMap { $0 > 0 ? d["btu_water"]! / $0 : nil } }
        var suspect = "", detail = String(format: "ΔT %.2f K on average", dt)
        if let tr = BalanceCheck.trend(errS), abs(tr.slope) > 0.02, abs(tr.slope) > 8 * tr.se {
            suspect = tr.slope < 0 ? "chw_supply_temp (drifting up) or chw_return_temp (down)" : "chw_return_temp (drifting up) or chw_supply_temp (down)"
            detail = String(format: "ΔT error drifts %+.3f K/day: a temperature sensor, not a meter", tr.slope)
        } else if let s = BalanceCheck.step(ratioS, minSide: 7), s.t > BalanceCheck.stepT, abs(s.after - s.before) > 0.03 {
            suspect = "chw_flow or cooling_power (BTU meter)"
            detail = String(format: "from %@ flow·ρ·c_p·ΔT ÷ BTU meter steps %+.1f %%", dayDate(s.day), (s.after / s.before - 1) * 100)
        }
        out.append(Finding(check: "BTU meter = flow·ρ·c_p·ΔT", verdict: abs(closure) <= tol && suspect.isEmpty ? .pass : .fail,
                           value: String(format: "%+.1f %%", closure * 100), limit: String(format: "±%.1f %% (EN 1434 class 2) and no drift", tol * 100),
                           suspect: suspect.isEmpty && abs(closure) > tol ? "chw_flow, cooling_power or the ΔT pair" : suspect, detail: detail))
        out.append(Finding(check: "chiller COP ≤ 0.65 × Carnot", verdict: carnotBad == 0 ? .pass : .fail,
                           value: String(format: "worst %.2f of Carnot; %d of %d rows above", worstCarnot, carnotBad, carnotRows), limit: String(format: "%.3f (0.65 + meter noise and accuracy)", carnotLimit),
                           suspect: carnotBad == 0 ? "" : "chillers_power (low) or cooling_power (high), or chw_supply_temp / cw_return_temp",
                           detail: "Carnot between supply − 1 K and condenser leaving + 1 K"))
        let approachOK = Double(approachBad) <= 0.001 * Double(approachRows)
        out.append(Finding(check: "tower approach ≥ 1 K", verdict: approachOK ? .pass : .fail,
                           value: String(format: "lowest %.2f K; %d of %d rows below 0.8 K", worstApproach, approachBad, approachRows), limit: "≥ 1 K (0.8 K with sensor noise)",
                           suspect: approachOK ? "" : "cw_supply_temp (low) or wet_bulb (high)", detail: "condenser water to the chillers − wet-bulb"))
        let pm = total("plant_meter"), pp = total("plant_parts")
        if pm > 0 {
            let r = pp / pm - 1
            let tol = subMeterTolerance("plant_power", ["chillers_power", "chw_pumps_power", "cw_pumps_power", "towers_power"])
            out.append(Finding(check: "sub-meters = plant meter", verdict: abs(r) <= tol ? .pass : .fail,
                               value: String(format: "%+.2f %%", r * 100), limit: String(format: "±%.1f %%", tol * 100),
                               suspect: abs(r) <= tol ? "" : "plant_power or one of chillers_power, chw_pumps_power, cw_pumps_power, towers_power",
                               detail: "chillers + chilled-water pumps + condenser pumps + towers"))
        }
        let cm = total("chillers_meter"), cp = total("chillers_parts")
        if cm > 0 {
            let r = cp / cm - 1
            let tol = subMeterTolerance("chillers_power", ["ch1_power", "ch2_power"])
            out.append(Finding(check: "chiller 1 + chiller 2 = chillers meter", verdict: abs(r) <= tol ? .pass : .fail,
                               value: String(format: "%+.2f %%", r * 100), limit: String(format: "±%.1f %%", tol * 100),
                               suspect: abs(r) <= tol ? "" : "chillers_power, ch1_power or ch2_power", detail: ""))
        }
        return out
    }
}
