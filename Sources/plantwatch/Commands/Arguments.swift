import ArgumentParser
import PlantModel

/// Validations shared by several commands, with messages that name the bad value.
enum Arguments {
    static func plant(_ id: String) throws -> PlantDefinition {
        guard let p = PlantCatalog.plant(id) else {
            throw ValidationError("unknown plant '\(id)' (known: \(PlantCatalog.all.map(\.id).joined(separator: ", ")))")
        }
        return p
    }

    static func measures(_ list: String?) -> Set<String> {
        guard let list else { return [] }
        return Set(list.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty })
    }

    static func time(_ text: String, plant: PlantDefinition, what: String) throws -> Double {
        guard let t = ISO8601.parse(text, defaultOffset: plant.utcOffset) else {
            throw ValidationError("\(what) '\(text)' is not an ISO 8601 date or time (e.g. 2019-05-01 or 2019-05-01T08:00:00+08:00)")
        }
        return t
    }
}
