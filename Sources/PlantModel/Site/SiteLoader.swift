/// Reads a site file (YAML) into a `PlantDefinition`, checking everything a mistake could break:
/// unknown keys, units, tag kinds against units, KPI and alarm references, duplicate ids, the
/// simulator's tags. Every error names file:line:column and the field (`SiteError`).
/// The format is documented, with an annotated example, in the README ("Site files").
public enum SiteLoader {
    public static func load(path: String) throws -> PlantDefinition {
        // An unreadable file is a LogError (the caller's exit 66), not a fault of its contents.
        let bytes = try ChunkReader.readAll(path)
        return try load(text: String(decoding: bytes, as: UTF8.self), file: path)
    }

    public static func load(text: String, file: String) throws -> PlantDefinition {
        let root = try YAMLValue.parse(text, file: file)
        let top = try root.object(["site", "factors", "tags", "kpis", "accounting", "alarms", "stuck_sensors",
                                   "baseline", "drift", "chiller_curves", "dashboard",
                                   "shifts", "teams", "carbon", "tariff", "split"])
        let site = try top.required("site").object(["id", "title", "location", "utc_offset", "timezone", "climate", "simulator"])
        let idValue = try site.required("id")
        let id = try idValue.string()
        guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }) else {
            throw idValue.error("a site id is lower-case letters, digits, '-' and '_' (it names the plant in journals, metrics and commands)")
        }
        let offset = try utcOffset(site)
        var climate: Climate?
        if let c = site["climate"] {
            let name = try c.string()
            guard let found = Climate.builtIn.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw c.error("unknown climate '\(name)' (built in: \(Climate.builtIn.map { $0.name.lowercased() }.joined(separator: ", ")))")
            }
            climate = found
        }
        let factors = try self.factors(top["factors"])
        let tagsValue = try top.required("tags")
        let registry = try tags(tagsValue)
        var simulator: SimulatorInfo?
        if let s = site["simulator"] {
            let name = try s.string()
            guard let sim = PlantCatalog.simulators.first(where: { $0.id == name }) else {
                throw s.error("unknown simulator '\(name)' (built in: \(PlantCatalog.simulators.map(\.id).joined(separator: ", ")))")
            }
            let ids = registry.tags.map(\.id)
            if ids != sim.tagIDs {
                let missing = sim.tagIDs.filter { !ids.contains($0) }, extra = ids.filter { !sim.tagIDs.contains($0) }
                let detail = !missing.isEmpty || !extra.isEmpty
                    ? "missing \(missing.isEmpty ? "none" : missing.joined(separator: ", ")); not simulated \(extra.isEmpty ? "none" : extra.joined(separator: ", "))"
                    : "same tags in another order; it writes \(sim.tagIDs.joined(separator: ", "))"
                throw tagsValue.error("simulator '\(name)' writes its own tags in its own order (\(detail)); give a renamed tag its old id as the id and the new name under columns, or drop `simulator`")
            }
            guard climate != nil else { throw s.error("a simulated site needs `climate` (its weather)") }
            simulator = sim
        }

        // KPIs: each term's tag must exist and be of a kind the term can read.
        var specs: [(KPIDefinition, [(term: KPITerm, coef: Coefficient, side: Int)])] = []
        var kpiIDs: [String: YAMLValue] = [:]
        for k in try top["kpis"]?.list() ?? [] {
            let (def, terms) = try kpi(k, registry: registry)
            if let first = kpiIDs[def.id] {
                throw try k.object(kpiKeys).required("id").error("KPI id '\(def.id)' is already used at line \(first.line)")
            }
            kpiIDs[def.id] = k
            specs.append((def, terms))
        }
        var accountingSpec: (gas: String?, electricity: [(tag: String, co2: String)])?
        if let a = top["accounting"] {
            let o = try a.object(["gas", "electricity"])
            var gas: String?
            if let g = o["gas"] { gas = try tagRef(g, registry, kinds: [.totaliser, .rate]) }
            var elec: [(String, String)] = []
            for e in try o["electricity"]?.list() ?? [] {
                let eo = try e.object(["tag", "co2"])
                let tag = try tagRef(try eo.required("tag"), registry, kinds: [.totaliser, .rate])
                let co2 = try eo["co2"]?.choice(["grid", "renewable"]) ?? "grid"
                elec.append((tag, co2))
            }
            for name in ["energy_cost", "tce", "co2e_t"] where kpiIDs[name] != nil {
                throw a.error("accounting adds the KPI '\(name)', which the kpis section already defines")
            }
            accountingSpec = (gas, elec)
        }
        let ledger = try top["carbon"].map { try carbon($0, registry: registry, file: file, utcOffset: offset) }
        let tou = try top["tariff"].map { try tariff($0, registry: registry, utcOffset: offset) }
        for (section, ids) in [("carbon", ledger == nil ? [] : CarbonLedger.kpiIDs), ("tariff", tou?.prices.isEmpty ?? true ? [] : ["electricity_cost_tou", "electricity_price_tou"])] {
            for id in ids where kpiIDs[id] != nil {
                throw top[section]!.error("\(section) adds the KPI '\(id)', which the kpis section already defines")
            }
        }
        let kpiSpecs = specs, accounting = accountingSpec
        let makeKPIs: @Sendable (EnergyFactors) -> [KPIDefinition] = { f in
            var out = kpiSpecs.map { def, terms -> KPIDefinition in
                var d = def
                d.numerator = terms.filter { $0.side == 0 }.map { $0.term.scaled($0.coef.value(f)) }
                let den = terms.filter { $0.side == 1 }.map { $0.term.scaled($0.coef.value(f)) }
                d.denominator = den.isEmpty ? nil : den
                return d
            }
            if let a = accounting {
                out += CommonKPIs.accounting(gas: a.gas, electricity: a.electricity.map { ($0.tag, $0.co2 == "renewable" ? f.renewableCO2 : f.gridCO2) }, factors: f)
            }
            if let ledger { out += ledger.kpis(f) }
            if let tou { out += tou.kpis() }
            return out
        }
        let kpiList = makeKPIs(factors)
        let allKPIs = Set(kpiList.map(\.id))

        var plant = PlantDefinition(id: id, title: try site.string("title") ?? id, site: try site.string("location") ?? "",
                                    utcOffset: offset, climate: climate, factors: factors, tags: registry, makeKPIs: makeKPIs)
        plant.simulator = simulator
        plant.siteText = text
        plant.shifts = try shiftCalendar(top["shifts"], top["teams"], utcOffset: offset)
        plant.carbon = ledger
        plant.tariff = tou
        plant.split = try top["split"].map { try energySplit($0, registry: registry) }

        // Alarm rules.
        var rules: [AlarmRule] = []
        var ruleLines: [String: Int] = [:]
        for r in try top["alarms"]?.list() ?? [] {
            let rule = try AlarmConfig.rule(r, targets: { registry.index(of: $0) != nil || allKPIs.contains($0) }, tags: { registry.index(of: $0) != nil })
            if let l = ruleLines[rule.id] { throw r.error("alarm id '\(rule.id)' is already used at line \(l)") }
            ruleLines[rule.id] = r.line
            rules.append(rule)
        }
        if let s = top["stuck_sensors"] {
            for (n, t) in try s.list().enumerated() {
                _ = try tagRef(t, registry, kinds: [.process, .rate, .state])
                _ = n
            }
            for r in DefaultAlarms.flatline(try s.strings()) {
                if let l = ruleLines[r.id] { throw s.error("stuck-sensor rule '\(r.id)' repeats the alarm at line \(l)") }
                ruleLines[r.id] = s.line
                rules.append(r)
            }
        }
        plant.alarmRules = rules

        // Baselines and drift.
        if let b = top["baseline"] {
            plant.energyBaseline = try baseline(b, id: "energy", kpis: allKPIs, extraKeys: ["carrier"])
            let unit = kpiList.first { $0.id == plant.energyBaseline!.target }!.unit
            if let c = try b.object(["target", "drivers", "regressors", "carrier"])["carrier"] {
                plant.energyBaseline!.carrier = BaselineSpec.Carrier(rawValue: try c.choice(BaselineSpec.Carrier.allCases.map(\.rawValue)))!
            } else {
                // Priced by its unit: m³ is gas, kWh electricity, tce the plant's mix.
                plant.energyBaseline!.carrier = unit == .cubicMetre ? .gas : unit == .kilowattHour ? .electricity : unit == .tonneCoalEquivalent ? .mix : .other
            }
        }
        if let c = top["chiller_curves"] {
            plant.chillerCurves = try chillerCurves(c, registry: registry, simulator: simulator)
        }
        var driftIDs: [String: Int] = [:]
        for d in try top["drift"]?.list() ?? [] {
            let o = try d.object(["id", "use_baseline", "target", "drivers", "regressors", "worse", "minimum", "relative", "priority", "message"])
            let did = try o.required("id").string()
            if let l = driftIDs[did] { throw d.error("drift id '\(did)' is already used at line \(l)") }
            driftIDs[did] = d.line
            let spec: BaselineSpec
            if try o.bool("use_baseline") == true {
                guard let e = plant.energyBaseline else { throw d.error("use_baseline: the site file has no `baseline` section") }
                spec = BaselineSpec(id: did, target: e.target, drivers: e.drivers, regressorNames: e.regressorNames, regressors: e.regressors)
            } else {
                var known = allKPIs
                if plant.chillerCurves != nil { known.insert(ChillerCurveCheck.targetID) }
                spec = try baseline(d, id: did, kpis: known, extraKeys: ["id", "use_baseline", "worse", "minimum", "relative", "priority", "message"])
                if spec.target == ChillerCurveCheck.targetID && plant.chillerCurves == nil {
                    throw d.error("target \(ChillerCurveCheck.targetID) needs a chiller_curves section")
                }
            }
            let worse = try o.required("worse").choice(["higher", "lower"])
            let priority = try o.required("priority").choice(AlarmPriority.allCases.map(\.rawValue))
            plant.drift.append(DriftSpec(baseline: spec, worse: worse == "higher" ? 1 : -1, minimum: try o.required("minimum").double(),
                                         relative: try o.bool("relative") ?? false, priority: AlarmPriority(rawValue: priority)!,
                                         message: try o.string("message") ?? "\(spec.target) {dev} \(worse == "higher" ? "above" : "below") its baseline for {days}"))
        }

        // Dashboard.
        if let d = top["dashboard"] {
            let o = try d.object(["headline", "equipment"])
            for h in try o["headline"]?.list() ?? [] {
                let k = try h.string()
                guard allKPIs.contains(k) else { throw h.error("unknown KPI '\(k)'\(hint(k, Array(allKPIs)))") }
                plant.headline.append(k)
            }
            for e in try o["equipment"]?.list() ?? [] {
                plant.equipment.append(try tagRef(e, registry, kinds: [.state]))
            }
        }
        if plant.headline.isEmpty { plant.headline = kpiList.prefix(4).map(\.id) }
        if plant.equipment.isEmpty { plant.equipment = registry.tags.filter { $0.kind == .state }.map(\.id) }
        return plant
    }

    // MARK: sections

    static func utcOffset(_ site: YAMLObject) throws -> Int {
        if let o = site["utc_offset"] {
            if site["timezone"] != nil { throw o.error("give utc_offset or timezone, not both") }
            let text = try o.string().trimmed
            // "+08:00", "-05:30", "+8", "UTC+8", "Z"
            var t = Substring(text)
            if t.hasPrefix("UTC") || t.hasPrefix("GMT") { t = t.dropFirst(3) }
            if t == "Z" || t.isEmpty { return 0 }
            let sign: Int = t.first == "-" ? -1 : 1
            if t.first == "+" || t.first == "-" { t = t.dropFirst() }
            let parts = t.split(separator: ":")
            guard (1...2).contains(parts.count), let h = Int(parts[0]), h <= 14, parts.count == 1 || Int(parts[1]).map({ (0..<60).contains($0) }) == true else {
                throw o.error("'\(text)' is not a UTC offset such as +08:00")
            }
            return sign * (h * 3600 + (parts.count == 2 ? Int(parts[1])! * 60 : 0))
        }
        if let z = site["timezone"] {
            let name = try z.string()
            guard let zone = TimeZoneFile.offsets(name) else {
                throw z.error("unknown time zone '\(name)' (an IANA name such as Asia/Shanghai, from /usr/share/zoneinfo)")
            }
            // KPI days, shifts and offset-less timestamps use one fixed offset: a zone that changes
            // its clocks would put an hour into the wrong day twice a year without saying so.
            guard zone.standard == zone.current, !zone.hasDST else {
                throw z.error("time zone '\(name)' changes its clocks (daylight saving); give utc_offset with the logs' standard offset instead")
            }
            return zone.current
        }
        throw site.value.error("missing 'utc_offset' (e.g. \"+08:00\") or 'timezone' (e.g. Asia/Shanghai)")
    }

    static func factors(_ v: YAMLValue?) throws -> EnergyFactors {
        var f = EnergyFactors()
        guard let v else { return f }
        let o = try v.object(["gas", "electricity"])
        if let g = o["gas"] {
            let go = try g.object(["lhv", "co2", "co2_per_gj", "reference", "price"])
            f.gasLHV = try positive(go, "lhv") ?? f.gasLHV
            // CO₂ per m³ follows from the factor per energy and the LHV, at the LHV's m³.
            let perGJ = try positive(go, "co2_per_gj") ?? EnergyFactors.defaultGasCO2PerGJ
            f.gasCO2 = perGJ * f.gasLHV / 1000
            if let v = go["co2"] {
                let given = try v.double()
                guard given >= 0 else { throw v.error("must be zero or more, found \(given)") }
                if go["co2_per_gj"] != nil, abs(given - f.gasCO2) > 0.005 * f.gasCO2 {
                    throw v.error("co2 \(given) kg/m³ disagrees with co2_per_gj × lhv = \(String(format: "%.4f", f.gasCO2)) kg/m³: give one of them")
                }
                f.gasCO2 = given
                let implied = f.gasCO2PerGJ
                // Zero is allowed (biogas booked as carbon-neutral); anything else must be natural gas.
                if given > 0, !EnergyFactors.plausibleGasCO2PerGJ.contains(implied) {
                    throw v.error("co2 \(given) kg/m³ with lhv \(f.gasLHV) MJ/m³ is \(String(format: "%.1f", implied)) kg CO₂/GJ, outside natural gas's 54.3–58.3 (IPCC 2006 Vol 2 Table 1.4): heating value and CO₂ factor are for different m³ (reference state) or gases; give co2_per_gj (e.g. 55.539, GB/T 32151) and let the LHV fix the m³")
                }
            }
            f.gasReference = try go.string("reference") ?? f.gasReference
            f.gasPrice = try positive(go, "price", zero: true) ?? f.gasPrice
        }
        if let e = o["electricity"] {
            let eo = try e.object(["kgce", "grid_co2", "renewable_co2", "price"])
            f.electricityKgce = try positive(eo, "kgce") ?? f.electricityKgce
            f.gridCO2 = try positive(eo, "grid_co2", zero: true) ?? f.gridCO2
            f.renewableCO2 = try positive(eo, "renewable_co2", zero: true) ?? f.renewableCO2
            f.electricityPrice = try positive(eo, "price", zero: true) ?? f.electricityPrice
        }
        return f
    }

    private static func positive(_ o: YAMLObject, _ key: String, zero: Bool = false) throws -> Double? {
        guard let v = o[key] else { return nil }
        let x = try v.double()
        guard x > 0 || (zero && x == 0) else { throw v.error("must be \(zero ? "zero or more" : "positive"), found \(x)") }
        return x
    }

    static let tagKeys = ["id", "columns", "unit", "kind", "interval", "max_age", "range", "decimals", "register_limit", "integrates",
                          "noise", "description", "brick", "states", "accuracy", "calibrated"]

    static func tags(_ v: YAMLValue) throws -> TagRegistry {
        var specs: [TagSpec] = []
        var seen: [String: (line: Int, what: String)] = [:]
        var integrates: [(YAMLValue, Int, String)] = []
        for t in try v.list() {
            let o = try t.object(tagKeys)
            let idV = try o.required("id")
            let id = try idV.string()
            guard !id.isEmpty, !id.contains(","), id.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
                throw idV.error("a tag id is one word without commas, spaces or control characters")
            }
            let unitV = try o.required("unit")
            let unitText = try unitV.string()
            guard let unit = Unit(symbol: unitText) else {
                throw unitV.error("unknown unit '\(unitText)' (known: \(Unit.allCases.map(\.rawValue).joined(separator: " ")))")
            }
            let kindV = try o.required("kind")
            guard let kind = TagKind(rawValue: try kindV.string()) else {
                throw kindV.error("kind must be one of \(TagKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            // A unit of the wrong dimension for the kind would integrate nonsense.
            switch kind {
            case .rate where unit.integrated == nil:
                throw unitV.error("a rate tag needs a unit per time (m3/h, t/h, kW, units/h), not \(unit.rawValue)")
            case .totaliser where ![.volume, .mass, .energy, .count].contains(unit.dimension):
                throw unitV.error("a totaliser counts a quantity (m3, t, kWh, MWh, GJ, units), not \(unit.rawValue)")
            default: break
            }
            var range: ClosedRange<Double> = -1e15...1e15
            if let r = o["range"] {
                let pair = try r.list()
                guard pair.count == 2 else { throw r.error("range is [low, high]") }
                let lo = try pair[0].double(), hi = try pair[1].double()
                guard lo < hi else { throw r.error("range: low \(lo) must be below high \(hi)") }
                range = lo...hi
            }
            let interval = try o.double("interval") ?? 60
            guard interval >= 0.1, interval <= 86_400 else { throw o["interval"]!.error("interval must be between 0.1 and 86400 seconds") }
            let decimals = try o.int("decimals") ?? 2
            guard (0...9).contains(decimals) else { throw o["decimals"]!.error("decimals must be 0 to 9") }
            var limit: Double?
            if let l = o["register_limit"] {
                guard kind == .totaliser else { throw l.error("register_limit is for totalisers") }
                limit = try l.double()
                guard limit! > 0 else { throw l.error("register_limit must be positive") }
            }
            var spec = TagSpec(id, try o.string("description") ?? id, unit, kind, range: range, decimals: decimals, interval: interval,
                               registerLimit: limit, integrates: try o.string("integrates"), noise: try o.double("noise") ?? 0)
            if let i = o["integrates"] {
                guard kind == .totaliser else { throw i.error("integrates is for totalisers (the rate tag whose flow it counts)") }
                integrates.append((i, specs.count, try i.string()))
            }
            spec.columns = try o["columns"]?.strings() ?? []
            spec.intervalStated = o["interval"] != nil
            if let m = o["max_age"] {
                let age = try m.double()
                guard age >= interval, age <= 7 * 86_400 else { throw m.error("max_age must be between the tag's interval and 604800 seconds") }
                spec.maxAge = age
            }
            spec.brick = try o.string("brick")
            if let a = o["accuracy"] {
                guard kind == .rate else { throw a.error("accuracy is a meter's: give it on the rate tag (its totaliser counts the same meter)") }
                let pct = try a.double()
                guard pct > 0, pct <= 20 else { throw a.error("accuracy is the meter's maximum permissible error in %, above 0 and at most 20") }
                spec.accuracy = pct / 100
            }
            if let c = o["calibrated"] {
                guard kind == .rate else { throw c.error("calibrated is a meter's: give it on the rate tag") }
                spec.calibrated = try c.bool()
            }
            if let s = o["states"] {
                guard kind == .state else { throw s.error("states are labels of a state tag's values") }
                for (k, label) in try s.pairs() { spec.stateLabels[try k.int()] = try label.string() }
            }
            for name in [id] + spec.columns {
                if let prev = seen[name] {
                    throw (name == id ? idV : o["columns"]!).error("'\(name)' is already \(prev.what) at line \(prev.line)")
                }
                seen[name] = (t.line, name == id ? "the id of a tag" : "a column of tag \(id)")
            }
            specs.append(spec)
        }
        guard !specs.isEmpty else { throw v.error("a site needs at least one tag") }
        let registry = TagRegistry(specs)
        for (v, i, name) in integrates {
            guard let j = registry.index(of: name) else { throw v.error("unknown tag '\(name)'\(hint(name, specs.map(\.id)))") }
            guard specs[j].kind == .rate, specs[j].unit.integrated == specs[i].unit else {
                throw v.error("'\(name)' (\(specs[j].kind.rawValue), \(specs[j].unit.rawValue)) does not integrate to \(specs[i].unit.rawValue)")
            }
        }
        return registry
    }

    static let kpiKeys = ["id", "name", "label", "unit", "formula", "numerator", "denominator", "scale", "target", "limit", "better", "decimals"]

    static func kpi(_ v: YAMLValue, registry: TagRegistry) throws -> (KPIDefinition, [(term: KPITerm, coef: Coefficient, side: Int)]) {
        let o = try v.object(kpiKeys)
        let id = try o.required("id").string()
        guard !id.isEmpty, !id.contains(" ") else { throw try o.required("id").error("a KPI id is one word") }
        let unitV = try o.required("unit")
        guard let unit = Unit(symbol: try unitV.string()) else {
            throw unitV.error("unknown unit '\(try unitV.string())' (known: \(Unit.allCases.map(\.rawValue).joined(separator: " ")))")
        }
        var terms: [(KPITerm, Coefficient, Int)] = []
        for (side, key) in ["numerator", "denominator"].enumerated() {
            for t in try o[key]?.list() ?? [] { terms.append(try term(t, registry: registry, side: side)) }
        }
        guard terms.contains(where: { $0.2 == 0 }) else { throw v.error("KPI '\(id)' needs a numerator") }
        let better = try o["better"]?.choice(["higher", "lower"]) ?? "lower"
        var d = KPIDefinition(id, try o.string("name") ?? id, unit, formula: "", numerator: [], scale: try o.double("scale") ?? 1,
                              target: try o.double("target"), limit: try o.double("limit"), higherIsBetter: better == "higher",
                              decimals: try o.int("decimals") ?? 2)
        d.label = try o.string("label")
        d.formula = try o.string("formula") ?? describe(terms.filter { $0.2 == 0 }, terms.filter { $0.2 == 1 }, registry: registry, scale: d.scale)
        if let t = d.target, let l = d.limit, t != l, (t < l) == d.higherIsBetter {
            throw v.error("KPI '\(id)': with better: \(better), the limit \(l) must lie on the worse side of the target \(t)")
        }
        return (d, terms)
    }

    /// One formula term: `{quantity: TAG}`, `{weighted: TAG, by: TAG}`, `{time_integral: TAG}`,
    /// `{hours: TAG}`, each with an optional `coef` (a number or factors such as gas.kgce/1000).
    static func term(_ v: YAMLValue, registry r: TagRegistry, side: Int) throws -> (KPITerm, Coefficient, Int) {
        let o = try v.object(["quantity", "weighted", "by", "time_integral", "hours", "coef"])
        let coef = try o["coef"].map { try Coefficient.parse($0) } ?? Coefficient(constant: 1, factors: [])
        let kinds = ["quantity", "weighted", "time_integral", "hours"].filter { o[$0] != nil }
        guard kinds.count == 1 else { throw v.error("a term is one of quantity, weighted (with by), time_integral or hours") }
        switch kinds[0] {
        case "quantity":
            return (.quantity(try tagRef(o["quantity"]!, r, kinds: [.totaliser, .rate])), coef, side)
        case "weighted":
            guard let by = o["by"] else { throw v.error("weighted needs by: the totaliser or rate whose quantity weights it") }
            return (.weighted(try tagRef(o["weighted"]!, r, kinds: [.process, .state, .rate]), by: try tagRef(by, r, kinds: [.totaliser, .rate])), coef, side)
        case "time_integral":
            return (.timeIntegral(try tagRef(o["time_integral"]!, r, kinds: [.process, .state, .rate])), coef, side)
        default:
            return (.hours(try tagRef(o["hours"]!, r, kinds: [.process, .state, .rate, .totaliser])), coef, side)
        }
    }

    static func tagRef(_ v: YAMLValue, _ r: TagRegistry, kinds: [TagKind]) throws -> String {
        let name = try v.string()
        guard let i = r.index(of: name) else { throw v.error("unknown tag '\(name)'\(hint(name, r.tags.map(\.id)))") }
        guard kinds.contains(r.tags[i].kind) else {
            throw v.error("tag '\(name)' is a \(r.tags[i].kind.rawValue); here a \(kinds.map(\.rawValue).joined(separator: " or ")) is needed")
        }
        return name
    }

    static func hint(_ name: String, _ known: [String]) -> String {
        YAMLValue.nearest(name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
    }

    static func baseline(_ v: YAMLValue, id: String, kpis: Set<String>, extraKeys: [String] = []) throws -> BaselineSpec {
        let o = try v.object(["target", "drivers", "regressors"] + extraKeys)
        let targetV = try o.required("target")
        let target = try targetV.string()
        guard kpis.contains(target) else { throw targetV.error("unknown KPI '\(target)'\(hint(target, Array(kpis)))") }
        var drivers: [String] = []
        for d in try o["drivers"]?.list() ?? [] {
            let k = try d.string()
            guard kpis.contains(k) else { throw d.error("unknown KPI '\(k)'\(hint(k, Array(kpis)))") }
            drivers.append(k)
        }
        var regs: [(name: String, factors: [Int])] = []
        for r in try o["regressors"]?.list() ?? drivers.indices.map({ _ in v }) where !drivers.isEmpty {
            let name = r.node == v.node ? drivers[regs.count] : try r.string()
            let factors = try name.split(whereSeparator: { $0 == "*" || $0 == "×" }).map { part -> Int in
                guard let i = drivers.firstIndex(of: part.trimmed) else { throw r.error("'\(part)' is not one of the drivers (\(drivers.joined(separator: ", ")))") }
                return i
            }
            regs.append((name, factors))
        }
        return BaselineSpec.products(id: id, target: target, drivers: drivers, regressors: regs)
    }

    static func chillerCurves(_ v: YAMLValue, registry r: TagRegistry, simulator: SimulatorInfo?) throws -> ChillerCurveConfig {
        let o = try v.object(["leaving_chw", "leaving_cw", "cooling", "power", "states", "installations"])
        func idx(_ key: String, _ kinds: [TagKind]) throws -> Int { r.index(of: try tagRef(try o.required(key), r, kinds: kinds))! }
        let library = PlantCatalog.simulators.reduce(into: [String: ReformulatedEIRChiller]()) { $0.merge($1.chillerCurves) { a, _ in a } }
        var installs: [ChillerCurveCheck.Candidate] = []
        let states = try o.required("states").list().map { r.index(of: try tagRef($0, r, kinds: [.state]))! }
        for i in try o.required("installations").list() {
            let io = try i.object(["name", "chillers"])
            let chillers = try io.required("chillers").list().map { c -> ReformulatedEIRChiller in
                let name = try c.string()
                guard let set = library[name] else { throw c.error("unknown chiller curve set '\(name)' (built in: \(library.keys.sorted().joined(separator: ", ")))") }
                return set
            }
            guard chillers.count == states.count else { throw i.error("an installation lists one chiller per state tag (\(states.count))") }
            installs.append(.init(name: try io.required("name").string(), chillers: chillers))
        }
        guard !installs.isEmpty else { throw v.error("installations: at least one") }
        return ChillerCurveConfig(leavingCHW: try idx("leaving_chw", [.process]), leavingCW: try idx("leaving_cw", [.process]),
                                  cooling: try idx("cooling", [.rate]), power: try idx("power", [.rate]), states: states, installations: installs)
    }

    /// The formula in words when the site file gives none: "Σ gas_total [m³] ÷ Σ steam_total [t]".
    static func describe(_ num: [(KPITerm, Coefficient, Int)], _ den: [(KPITerm, Coefficient, Int)], registry r: TagRegistry, scale: Double) -> String {
        func side(_ terms: [(KPITerm, Coefficient, Int)]) -> String {
            terms.enumerated().map { n, t in
                let c = t.1
                let sign = n == 0 ? (c.sign < 0 ? "−" : "") : (c.sign < 0 ? " − " : " + ")
                let coef = c.text(absolute: true).map { "\($0) × " } ?? ""
                let unit: (String) -> String = { id in r[id].map { u in (u.unit.integrated ?? u.unit).symbol } ?? "" }
                switch t.0 {
                case .quantity(let id, _): return sign + coef + "Σ \(id) [\(unit(id))]"
                case .weighted(let id, let by, _): return sign + coef + "Σ \(id)·Δ\(by)"
                case .timeIntegral(let id, _): return sign + coef + "Σ \(id)·Δt"
                case .hours(let id, _): return sign + coef + "hours of \(id)"
                case .scheduled(let id, let sch, _): return sign + coef + "Σ \(id) [\(unit(id))] × \(sch.name)"
                case .clock(let sch, _): return sign + coef + "∫ \(sch.name) dt"
                }
            }.joined()
        }
        var s = side(num)
        if !den.isEmpty { s = (num.count > 1 ? "(\(s))" : s) + " ÷ " + (den.count > 1 ? "(\(side(den)))" : side(den)) }
        if scale != 1 { s += " × \(NumberFormat.string(scale, decimals: scale == scale.rounded() ? 0 : 4))" }
        return s
    }
}

extension KPITerm {
    func scaled(_ c: Double) -> KPITerm {
        switch self {
        case .quantity(let t, let k): return .quantity(t, coef: k * c)
        case .weighted(let t, let by, let k): return .weighted(t, by: by, coef: k * c)
        case .timeIntegral(let t, let k): return .timeIntegral(t, coef: k * c)
        case .hours(let t, let k): return .hours(t, coef: k * c)
        case .scheduled(let t, let sch, let k): return .scheduled(t, sch, coef: k * c)
        case .clock(let sch, let k): return .clock(sch, coef: k * c)
        }
    }
}

/// A KPI term's coefficient as a site file writes it: a number, or a product and quotient of
/// numbers and energy factors ("electricity.kgce/1000"), so that the KPI follows the factors.
struct Coefficient: Sendable {
    var constant: Double
    /// (factor, exponent ±1)
    var factors: [(name: String, power: Int)]

    static let names: [String: @Sendable (EnergyFactors) -> Double] = [
        "gas.lhv": { $0.gasLHV }, "gas.co2": { $0.gasCO2 }, "gas.kgce": { $0.gasKgce }, "gas.price": { $0.gasPrice },
        "electricity.kgce": { $0.electricityKgce }, "electricity.grid_co2": { $0.gridCO2 },
        "electricity.renewable_co2": { $0.renewableCO2 }, "electricity.price": { $0.electricityPrice },
    ]

    var sign: Double { constant < 0 ? -1 : 1 }

    func value(_ f: EnergyFactors) -> Double {
        factors.reduce(constant) { acc, p in
            let x = Coefficient.names[p.name]!(f)
            return p.power > 0 ? acc * x : acc / x
        }
    }

    /// Its text without sign, or nil when it is 1.
    func text(absolute: Bool) -> String? {
        let c = absolute ? abs(constant) : constant
        if factors.isEmpty { return c == 1 ? nil : NumberFormat.string(c, decimals: c == c.rounded() ? 0 : 4) }
        var s = c == 1 ? "" : NumberFormat.string(c, decimals: c == c.rounded() ? 0 : 4) + "·"
        s += factors.map { ($0.power < 0 ? "/" : "") + $0.name }.joined(separator: "·")
        return s
    }

    static func parse(_ v: YAMLValue) throws -> Coefficient {
        if let x = try? v.double() { return Coefficient(constant: x, factors: []) }
        let text = try v.string().replacing(" ", with: "")
        var c = Coefficient(constant: 1, factors: [])
        var power = 1
        var token = ""
        func flush() throws {
            guard !token.isEmpty else { throw v.error("'\(text)': an empty factor") }
            if let x = Double(token) { c.constant = power > 0 ? c.constant * x : c.constant / x }
            else if names[token] != nil { c.factors.append((token, power)) }
            else { throw v.error("'\(token)' is neither a number nor a factor (\(names.keys.sorted().joined(separator: ", ")))") }
            token = ""
        }
        for ch in text {
            if ch == "*" || ch == "/" { try flush(); power = ch == "*" ? 1 : -1 } else { token.append(ch) }
        }
        try flush()
        return c
    }
}
