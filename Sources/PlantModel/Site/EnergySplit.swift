/// Where a plant's energy goes: named parts, each a sub-meter (a kWh register or a kW rate), and
/// optionally the main meter they belong to, from a site file's `split` section. `compare` shows
/// each part before and after a retrofit, so a saving can be traced to the equipment that made it
/// (chillers, pumps, towers) rather than read off the main meter alone.
public struct EnergySplit: Sendable {
    public var parts: [(name: String, tag: String)]
    /// The main meter; the parts' sum is checked against it and the rest shown as "other".
    public var total: String?

    /// One KPI per part (`split_0` …) and the total (`split_total`): the quantities a pipeline integrates.
    func kpis() -> [KPIDefinition] {
        var list = parts.enumerated().map { i, p in
            KPIDefinition("split_\(i)", p.name, .kilowattHour, formula: "Σ \(p.tag) kWh", numerator: [.quantity(p.tag)], decimals: 0)
        }
        if let total { list.append(KPIDefinition("split_total", "total", .kilowattHour, formula: "Σ \(total) kWh", numerator: [.quantity(total)], decimals: 0)) }
        return list
    }

    /// kWh of each part over a log (nil where its meter covers under 90 % of the log's span),
    /// then the total's.
    public static func measure(_ reader: LogReader) throws -> (parts: [Double?], total: Double?)? {
        let p = reader.plant
        guard let split = p.split else { return nil }
        let defs = split.kpis()
        var run = try PlantPipeline(plant: p, stages: .report(every: .all, drift: false), kpis: defs, rules: [], timing: reader.learnTiming())
        reader.deliver(only: run.slots.usedTags)
        try reader.read { run.ingest($0) }
        run.finish()
        let r = run.report!
        let seconds = r.lastTime - r.firstTime
        let values: [Double?] = defs.indices.map { k in
            let e = r.evaluate(k, sums: r.totals, seconds: seconds)
            return e.coverage >= 0.9 ? e.value : nil
        }
        return (Array(values.prefix(split.parts.count)), split.total == nil ? nil : values.last!)
    }
}

extension SiteLoader {
    /// `split: {total: TAG, parts: [{name: chillers, tag: TAG}, …]}`: electricity sub-meters.
    static func energySplit(_ v: YAMLValue, registry r: TagRegistry) throws -> EnergySplit {
        let o = try v.object(["total", "parts"])
        func meter(_ v: YAMLValue) throws -> String {
            let tag = try tagRef(v, r, kinds: [.totaliser, .rate])
            guard r[tag]!.unit.integrated ?? r[tag]!.unit == .kilowattHour else { throw v.error("tag '\(tag)' is not electricity in kWh (or kW)") }
            return tag
        }
        var parts: [(name: String, tag: String)] = []
        for p in try o.required("parts").list() {
            let po = try p.object(["name", "tag"])
            let nameV = try po.required("name")
            let name = try nameV.string()
            guard !parts.contains(where: { $0.name == name }) else { throw nameV.error("part '\(name)' is listed twice") }
            let tagV = try po.required("tag")
            let tag = try meter(tagV)
            guard !parts.contains(where: { $0.tag == tag }) else { throw tagV.error("tag '\(tag)' is already a part") }
            parts.append((name, tag))
        }
        guard !parts.isEmpty else { throw v.error("give the parts: [{name: chillers, tag: chillers_elec_total}, …]") }
        let total = try o["total"].map(meter)
        if let total, parts.contains(where: { $0.tag == total }) { throw o["total"]!.error("the total '\(total)' is also a part") }
        return EnergySplit(parts: parts, total: total)
    }
}
