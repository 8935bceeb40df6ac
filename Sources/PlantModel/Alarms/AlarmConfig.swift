import Yams

/// `--config FILE`: alarm rules in YAML, per plant. A rule with the id of a default rule replaces
/// it; `disable: [ids]` removes defaults; new ids add rules.
///
/// ```yaml
/// humanwell:
///   disable: [gas-per-tonne-target]
///   alarms:
///     - id: feedwater-cold
///       target: feedwater_temp        # a KPI id or a tag id
///       kind: low                     # high | low | rate | stale | bad-quality
///       limit: 40
///       deadband: 1
///       on_delay: 600                 # seconds
///       off_delay: 300
///       priority: medium              # critical | high | medium | low
///       window: 3600                  # KPI window, seconds
///       message: "feedwater {value} below {limit}: recovery pump?"
/// ```
public enum AlarmConfig {
    struct PlantSection: Decodable {
        var disable: [String]?
        var alarms: [RuleEntry]?
    }

    struct RuleEntry: Decodable {
        var id: String
        var target: String
        var kind: AlarmRule.Kind
        var limit: Double
        var deadband: Double?
        var on_delay: Double?
        var off_delay: Double?
        var priority: AlarmPriority
        var window: Double?
        var message: String?
    }

    public struct ConfigError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The rules of every plant: defaults merged with the file's sections.
    public static func load(path: String?) throws -> [String: [AlarmRule]] {
        var rules = Dictionary(uniqueKeysWithValues: PlantCatalog.all.map { ($0.id, DefaultAlarms.rules(for: $0.id)) })
        guard let path else { return rules }
        let bytes = try ChunkReader.readAll(path)
        let text = String(decoding: bytes, as: UTF8.self)
        let sections: [String: PlantSection]
        do {
            sections = try YAMLDecoder().decode([String: PlantSection].self, from: text)
        } catch {
            throw ConfigError(description: "\(path): \(Sanitize.line(String(describing: error), limit: 400))")
        }
        for (plantID, section) in sections {
            guard PlantCatalog.plant(plantID) != nil else {
                throw ConfigError(description: "\(path): unknown plant '\(Sanitize.line(plantID))' (known: \(PlantCatalog.all.map(\.id).joined(separator: ", ")))")
            }
            var list = rules[plantID] ?? []
            list.removeAll { (section.disable ?? []).contains($0.id) }
            for e in section.alarms ?? [] {
                let r = AlarmRule(id: e.id, target: e.target, kind: e.kind, limit: e.limit, deadband: e.deadband ?? 0,
                                  onDelay: e.on_delay ?? 0, offDelay: e.off_delay ?? 0, priority: e.priority,
                                  message: e.message ?? "\(e.target) {value} \(e.kind == .low ? "below" : "above") {limit}",
                                  window: e.window ?? 3600)
                if let i = list.firstIndex(where: { $0.id == e.id }) { list[i] = r } else { list.append(r) }
            }
            rules[plantID] = list
        }
        return rules
    }
}
