/// A plant's carbon ledger as its site file's `carbon:` section states it, after the GHG Protocol
/// Corporate Standard (scope 1: fuel burned on site), its Scope 2 Guidance (2015: electricity
/// reported twice — *location-based* with the grid's average factor, *market-based* with the
/// factors of the contractual instruments the plant holds, and a residual mix for the rest) and
/// PAS 2060 (carbon neutrality: the footprint less retired offsets).
///
/// KPIs, all in t CO₂e:
///   co2e_scope1_t          = Σ fuel quantity × its factor (kg/unit) ÷ 1000
///   co2e_scope2_location_t = Σ every electricity meter's kWh × location factor ÷ 1000
///   co2e_scope2_market_t   = Σ contracted kWh × the contract's factor + Σ other kWh × residual factor, ÷ 1000
///   offsets_t              = credits retired for dated periods, spread evenly over each period
///   co2e_net_t             = scope 1 + scope 2 market-based − offsets (PAS 2060 uses market-based)
public struct CarbonLedger: Sendable {
    public struct Fuel: Sendable { public var tag: String; var factor: Coefficient; public var source: String? }
    public struct Supply: Sendable {
        public var tag: String
        /// kg CO₂e/kWh of the contract (nil: the residual mix).
        var marketFactor: Double?
        var instrument: String?
    }
    public struct Offset: Sendable, Equatable {
        public var from: Double, to: Double, tonnes: Double
        public var standard: String?, reference: String?
    }
    public var scope1: [Fuel] = []
    public var electricity: [Supply] = []
    public var locationFactor: Double
    var locationSource: String?
    public var residualFactor: Double
    var residualSource: String?
    public var offsets: [Offset] = []

    static let kpiIDs = ["co2e_scope1_t", "co2e_scope2_location_t", "co2e_scope2_market_t", "offsets_t", "co2e_net_t"]

    /// Retired credits as a rate (t/h) over their periods, for a `.clock` term.
    var offsetSchedule: TimeSchedule {
        TimeSchedule(name: "offsets retired (t/h over each period)",
                     shape: .periods(offsets.sorted { $0.from < $1.from }.map { .init(start: $0.from, end: $0.to, value: $0.tonnes / (($0.to - $0.from) / 3600)) }))
    }

    func kpis(_ f: EnergyFactors) -> [KPIDefinition] {
        let fuel: [KPITerm] = scope1.map { .quantity($0.tag, coef: $0.factor.value(f) / 1000) }
        let location: [KPITerm] = electricity.map { .quantity($0.tag, coef: locationFactor / 1000) }
        let market: [KPITerm] = electricity.map { .quantity($0.tag, coef: ($0.marketFactor ?? residualFactor) / 1000) }
        let offset: [KPITerm] = offsets.isEmpty ? [] : [.clock(offsetSchedule)]
        let fuelText = scope1.map { "\($0.tag) × \(NumberFormat.string($0.factor.value(f), decimals: 4)) kg/unit" }.joined(separator: " + ")
        let locText = "(\(electricity.map(\.tag).joined(separator: " + "))) kWh × \(locationFactor) kg/kWh"
        let mktText = electricity.map { "\($0.tag) kWh × \($0.marketFactor.map { "\($0)" } ?? "\(residualFactor) (residual)") kg/kWh" }.joined(separator: " + ")
        var list = [
            KPIDefinition("co2e_scope1_t", "Scope 1 CO₂e (fuel)", .tonneCO2e, formula: (fuelText.isEmpty ? "0" : fuelText) + ", ÷ 1000",
                          numerator: fuel.isEmpty ? [.clock(TimeSchedule(name: "none", shape: .periods([])))] : fuel, decimals: 2),
            KPIDefinition("co2e_scope2_location_t", "Scope 2 CO₂e, location-based", .tonneCO2e, formula: locText + ", ÷ 1000", numerator: location, decimals: 2),
            KPIDefinition("co2e_scope2_market_t", "Scope 2 CO₂e, market-based", .tonneCO2e, formula: mktText + ", ÷ 1000", numerator: market, decimals: 2),
            KPIDefinition("offsets_t", "Offsets retired", .tonneCO2e, formula: offsets.isEmpty ? "none entered" : "credits retired per period, spread evenly over it",
                          numerator: offset.isEmpty ? [.clock(TimeSchedule(name: "none", shape: .periods([])))] : offset, decimals: 2),
            KPIDefinition("co2e_net_t", "Net CO₂e (scope 1 + scope 2 market − offsets)", .tonneCO2e, formula: "co2e_scope1_t + co2e_scope2_market_t − offsets_t",
                          numerator: fuel + market + offset.map { $0.scaled(-1) }, decimals: 2),
        ]
        for (i, label) in ["scope 1", "s2 loc", "s2 mkt", "offsets", "net CO₂e"].enumerated() { list[i].label = label }
        return list
    }
}

extension SiteLoader {
    static func carbon(_ v: YAMLValue, registry r: TagRegistry, file: String, utcOffset: Int) throws -> CarbonLedger {
        let o = try v.object(["scope1", "scope2", "offsets", "offsets_csv"])
        let s2 = try o.required("scope2").object(["location_factor", "location_source", "residual_factor", "residual_source", "electricity"])
        func factor(_ key: String) throws -> Double {
            let fv = try s2.required(key)
            let x = try fv.double()
            guard x >= 0 else { throw fv.error("a factor in kg CO₂e/kWh is zero or more") }
            return x
        }
        var ledger = CarbonLedger(locationFactor: try factor("location_factor"), locationSource: try s2.string("location_source"),
                                  residualFactor: try factor("residual_factor"), residualSource: try s2.string("residual_source"))
        for fuel in try o["scope1"]?.list() ?? [] {
            let fo = try fuel.object(["tag", "factor", "source"])
            ledger.scope1.append(.init(tag: try tagRef(try fo.required("tag"), r, kinds: [.totaliser, .rate]),
                                       factor: try Coefficient.parse(try fo.required("factor")), source: try fo.string("source")))
        }
        let elec = try s2.required("electricity")
        for e in try elec.list() {
            let eo = try e.object(["tag", "market_factor", "instrument"])
            let tagV = try eo.required("tag")
            let tag = try tagRef(tagV, r, kinds: [.totaliser, .rate])
            guard r[tag]!.unit.integrated ?? r[tag]!.unit == .kilowattHour else {
                throw tagV.error("tag '\(tag)' counts \(r[tag]!.unit.rawValue), not electricity in kWh (or kW)")
            }
            if ledger.electricity.contains(where: { $0.tag == tag }) { throw tagV.error("meter '\(tag)' is listed twice: it would be counted twice") }
            var mf: Double?
            if let m = eo["market_factor"] {
                mf = try m.double()
                guard mf! >= 0 else { throw m.error("a factor in kg CO₂e/kWh is zero or more") }
            }
            ledger.electricity.append(.init(tag: tag, marketFactor: mf, instrument: try eo.string("instrument")))
        }
        guard !ledger.electricity.isEmpty else { throw elec.error("list the electricity meters (tag, and market_factor for contracted supplies)") }
        for x in try o["offsets"]?.list() ?? [] { ledger.offsets.append(try offset(x, utcOffset: utcOffset)) }
        if let c = o["offsets_csv"] {
            ledger.offsets += try offsetsCSV(c, siteFile: file, utcOffset: utcOffset)
        }
        let sorted = ledger.offsets.sorted { $0.from < $1.from }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.from < a.to {
            throw v.error("offset periods overlap (\(ISO8601.format(a.from, offset: utcOffset).prefix(10))… and \(ISO8601.format(b.from, offset: utcOffset).prefix(10))…): enter each retirement once, for its own period")
        }
        return ledger
    }

    static func offset(_ x: YAMLValue, utcOffset: Int) throws -> CarbonLedger.Offset {
        let oo = try x.object(["from", "to", "tonnes", "standard", "reference"])
        func date(_ key: String) throws -> Double {
            let dv = try oo.required(key)
            guard let t = ISO8601.parse(try dv.string(), defaultOffset: utcOffset) else { throw dv.error("'\(try dv.string())' is not a date such as 2021-01-01") }
            return t
        }
        let from = try date("from"), to = try date("to")
        guard to > from else { throw x.error("an offset's period ends after it starts (to is exclusive: 2021-01-01 to 2022-01-01 is the year 2021)") }
        let tv = try oo.required("tonnes")
        let t = try tv.double()
        guard t >= 0 else { throw tv.error("tonnes retired are zero or more") }
        return .init(from: from, to: to, tonnes: t, standard: try oo.string("standard"), reference: try oo.string("reference"))
    }

    /// `from,to,tonnes[,standard,reference]` with a header line; a path relative to the site file.
    static func offsetsCSV(_ v: YAMLValue, siteFile: String, utcOffset: Int) throws -> [CarbonLedger.Offset] {
        var path = try v.string()
        if !path.hasPrefix("/"), let slash = siteFile.lastIndex(of: "/") { path = String(siteFile[...slash]) + path }
        let bytes: [UInt8]
        do { bytes = try ChunkReader.readAll(path) } catch { throw v.error("cannot read offsets file '\(path)'") }
        var out: [CarbonLedger.Offset] = []
        for (n, line) in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() where n > 0 && !line.hasPrefix("#") {
            let c = CSVSplit.cells(String(line))
            guard c.count >= 3, let a = ISO8601.parse(c[0], defaultOffset: utcOffset), let b = ISO8601.parse(c[1], defaultOffset: utcOffset), let t = Double(c[2]), b > a, t >= 0 else {
                throw v.error("\(path):\(n + 1): expected from,to,tonnes[,standard,reference] with to after from and tonnes ≥ 0")
            }
            out.append(.init(from: a, to: b, tonnes: t, standard: c.count > 3 ? c[3] : nil, reference: c.count > 4 ? c[4] : nil))
        }
        return out
    }
}
