/// `--config FILE`: alarm rules in YAML, per plant. A rule with the id of a site file's rule
/// replaces it; `disable: [ids]` removes rules; new ids add rules. Site files write their
/// `alarms:` entries in the same form.
///
/// ```yaml
/// humanwell:
///   disable: [gas-per-tonne-target]
///   alarms:
///     - id: feedwater-cold
///       target: feedwater_temp        # a KPI id or a tag id
///       kind: low                     # high | low | rate | stale | bad-quality | flatline | balance
///       armed_by: recovery_pump       # optional: applies once this equipment has run
///       limit: 40
///       deadband: 1
///       on_delay: 600                 # seconds
///       off_delay: 300
///       priority: medium              # critical | high | medium | low
///       window: 3600                  # KPI window, seconds
///       message: "feedwater {value} below {limit}: recovery pump?"
/// ```
public enum AlarmConfig {
    public struct ConfigError: Error, CustomStringConvertible {
        public let description: String
    }

    static let ruleKeys = ["id", "target", "kind", "limit", "deadband", "on_delay", "off_delay", "priority", "window", "message", "armed_by", "tags"]
    static let kinds: [AlarmRule.Kind] = [.high, .low, .rateOfChange, .stale, .badQuality, .flatline, .balance]

    /// One rule entry; `targets` says whether a target (KPI or tag id) exists.
    /// A balance rule's target names a balance whose tags the plant has (`tags`: the plant's tag ids).
    static func rule(_ v: YAMLValue, targets: (String) -> Bool, tags: (String) -> Bool) throws -> AlarmRule {
        let o = try v.object(ruleKeys)
        let id = try o.required("id").string()
        guard !id.isEmpty, !id.hasPrefix("drift.") else { throw try o.required("id").error("an alarm id is not empty and does not start with 'drift.' (drift alarms are named after their drift target)") }
        let targetV = try o.required("target")
        let target = try targetV.string()
        let kindV = try o.required("kind")
        guard let kind = AlarmRule.Kind(rawValue: try kindV.string()), kinds.contains(kind) else {
            throw kindV.error("kind must be one of \(kinds.map(\.rawValue).joined(separator: ", "))")
        }
        var bindings: [String]?
        if kind == .balance {
            guard let b = Balance(rawValue: target) else {
                throw targetV.error("a balance alarm's target is one of \(Balance.allCases.map(\.rawValue).joined(separator: ", ")), not '\(target)'")
            }
            if let m = o["tags"] {
                let roles = b.roles.map(\.role)
                let given = try m.object(roles)
                var ids: [String] = []
                for (role, usual) in b.roles {
                    guard let v = given[role] else { throw m.error("balance \(target) binds \(roles.joined(separator: ", ")); '\(role)' is missing") }
                    let list = usual.count > 1 ? try v.strings() : [try v.string()]
                    guard !list.isEmpty else { throw v.error("\(role): at least one tag") }
                    for id in list where !tags(id) { throw v.error("\(role): '\(id)' is not a tag of this plant") }
                    ids += list
                }
                bindings = ids
            } else {
                let missing = b.tags.filter { !tags($0) }
                guard missing.isEmpty else {
                    throw targetV.error("balance \(target) needs tags this plant lacks: \(missing.joined(separator: ", ")) (bind others with tags: {\(b.roles.map { "\($0.role): …" }.joined(separator: ", "))})")
                }
            }
        } else {
            guard targets(target) else { throw targetV.error("'\(target)' is neither a KPI nor a tag of this plant") }
        }
        var armedBy: String?
        if kind != .balance, let m = o["tags"] { throw m.error("tags binds a balance rule's roles; this is a \(kind.rawValue) rule") }
        if let a = o["armed_by"] {
            armedBy = try a.string()
            guard tags(armedBy!) else { throw a.error("armed_by: '\(armedBy!)' is not a tag of this plant") }
        }
        let priority = AlarmPriority(rawValue: try o.required("priority").choice(AlarmPriority.allCases.map(\.rawValue)))!
        func seconds(_ key: String) throws -> Double? {
            guard let s = o[key] else { return nil }
            let x = try s.double()
            guard x >= 0 else { throw s.error("must be zero or more seconds") }
            return x
        }
        let window = try seconds("window") ?? 3600
        guard window > 0 else { throw o["window"]!.error("the KPI window must be positive") }
        var r = AlarmRule(id: id, target: target, kind: kind, limit: try o.required("limit").double(), deadband: try o.double("deadband") ?? 0,
                          onDelay: try seconds("on_delay") ?? 0, offDelay: try seconds("off_delay") ?? 0, priority: priority,
                          message: try o.string("message") ?? "\(target) {value} \(kind == .low ? "below" : "above") {limit}", window: window)
        r.armedBy = armedBy
        r.bindings = bindings
        return r
    }

    /// The rules of every plant: the site files' merged with the config file's sections.
    public static func load(path: String?, plants: [PlantDefinition]) throws -> [String: [AlarmRule]] {
        var rules = Dictionary(plants.map { ($0.id, $0.alarmRules) }, uniquingKeysWith: { a, _ in a })
        guard let path else { return rules }
        let bytes = try ChunkReader.readAll(path)
        do {
            let root = try YAMLValue.parse(String(decoding: bytes, as: UTF8.self), file: path)
            for (key, section) in try root.pairs() {
                let plantID = try key.string()
                guard let plant = plants.first(where: { $0.id == plantID }) else {
                    throw key.error("unknown plant '\(plantID)' (here: \(plants.map(\.id).joined(separator: ", ")))")
                }
                let kpis = Set(plant.kpis().map(\.id))
                let o = try section.object(["disable", "alarms"])
                var list = rules[plantID] ?? []
                for d in try o["disable"]?.list() ?? [] {
                    let id = try d.string()
                    guard list.contains(where: { $0.id == id }) else { throw d.error("plant \(plantID) has no alarm '\(id)' to disable") }
                    list.removeAll { $0.id == id }
                }
                for e in try o["alarms"]?.list() ?? [] {
                    let r = try rule(e, targets: { plant.tags.index(of: $0) != nil || kpis.contains($0) }, tags: { plant.tags.index(of: $0) != nil })
                    if let i = list.firstIndex(where: { $0.id == r.id }) { list[i] = r } else { list.append(r) }
                }
                rules[plantID] = list
            }
        } catch let e as SiteError {
            throw ConfigError(description: e.description)
        }
        return rules
    }
}
