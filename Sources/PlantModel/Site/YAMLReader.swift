import Yams

/// A site file's mistake: where it is (file:line:column), which field, and what is wrong.
public struct SiteError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let column: Int
    public let field: String
    public let message: String

    public var description: String {
        "\(Sanitize.line(file)):\(line):\(column): \(field.isEmpty ? "" : Sanitize.line(field) + ": ")\(Sanitize.line(message, limit: 400))"
    }
}

/// A node of a parsed YAML document with the path that led to it, so that every error names the
/// file, line, column and field. Yams' Codable decoder reports neither positions nor unknown keys,
/// and a site file is hand-written by people who mistype: walking Yams' node tree (which keeps each
/// node's mark) gives both.
struct YAMLValue {
    let node: Node
    let field: String
    let file: String

    static func parse(_ text: String, file: String) throws -> YAMLValue {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let e as YamlError {
            throw YAMLValue.syntaxError(e, file: file)
        }
        guard let root else { throw SiteError(file: file, line: 1, column: 1, field: "", message: "the file is empty") }
        return YAMLValue(node: root, field: "", file: file)
    }

    /// libyaml's errors carry a position; keep it in our format.
    static func syntaxError(_ e: YamlError, file: String) -> SiteError {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return SiteError(file: file, line: mark.line, column: mark.column, field: "", message: "invalid YAML: \(problem)")
        default:
            return SiteError(file: file, line: 1, column: 1, field: "", message: "invalid YAML: \(e)")
        }
    }

    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    func error(_ message: String) -> SiteError {
        SiteError(file: file, line: line, column: column, field: field, message: message)
    }

    private func child(_ key: String) -> String { field.isEmpty ? key : field + "." + key }

    // MARK: scalars

    var isNull: Bool {
        if case .scalar(let s) = node { return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string) }
        return false
    }

    func string() throws -> String {
        guard case .scalar(let s) = node else { throw error("expected text, found \(kindName)") }
        return s.string
    }

    func double() throws -> Double {
        guard case .scalar(let s) = node else { throw error("expected a number, found \(kindName)") }
        let text = s.string.trimmed
        // YAML 1.1 spellings people use for large meter limits: 1e9, 1.0e+9, 100_000.
        guard let v = Double(text.replacing("_", with: "")), v.isFinite else { throw error("expected a number, found '\(text)'") }
        return v
    }

    func int() throws -> Int {
        let v = try double()
        guard v == v.rounded(), abs(v) < 1e15 else { throw error("expected a whole number, found \(v)") }
        return Int(v)
    }

    func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let s: throw error("expected true or false, found '\(s)'")
        }
    }

    /// One of `choices`, named in the error if it is not.
    func choice(_ choices: [String]) throws -> String {
        let s = try string()
        guard choices.contains(s) else { throw error("'\(s)' is not one of \(choices.joined(separator: ", "))") }
        return s
    }

    /// A list of text, or a single text as a list of one.
    func strings() throws -> [String] {
        if case .scalar = node { return [try string()] }
        return try list().map { try $0.string() }
    }

    // MARK: collections

    var kindName: String {
        switch node {
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    func list() throws -> [YAMLValue] {
        guard case .sequence(let seq) = node else { throw error("expected a list, found \(kindName)") }
        return seq.enumerated().map { YAMLValue(node: $1, field: "\(field)[\($0)]", file: file) }
    }

    /// A mapping whose keys must be among `allowed`: an unknown key is an error that names it and
    /// suggests the nearest allowed one (a typo must not silently drop a setting).
    func object(_ allowed: [String]) throws -> YAMLObject {
        guard case .mapping(let m) = node else { throw error("expected a mapping, found \(kindName)") }
        var entries: [(key: String, value: YAMLValue, keyNode: Node)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else { throw YAMLValue(node: k, field: field, file: file).error("a key must be text") }
            let key = ks.string
            if !allowed.contains(key) {
                let hint = YAMLValue.nearest(key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw YAMLValue(node: k, field: child(key), file: file)
                    .error("unknown key '\(key)'\(hint); allowed here: \(allowed.joined(separator: ", "))")
            }
            if entries.contains(where: { $0.key == key }) {
                throw YAMLValue(node: k, field: child(key), file: file).error("key '\(key)' appears twice")
            }
            entries.append((key, YAMLValue(node: v, field: child(key), file: file), k))
        }
        return YAMLObject(value: self, entries: entries)
    }

    /// A mapping with free keys (state labels, say), in file order.
    func pairs() throws -> [(key: YAMLValue, value: YAMLValue)] {
        guard case .mapping(let m) = node else { throw error("expected a mapping, found \(kindName)") }
        return m.map { k, v in
            let name = (try? YAMLValue(node: k, field: field, file: file).string()) ?? "?"
            return (YAMLValue(node: k, field: child(name), file: file), YAMLValue(node: v, field: child(name), file: file))
        }
    }

    static func nearest(_ key: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= max(2, key.count / 3) else { return nil }
        return best
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var prev = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return a.isEmpty ? b.count : prev[b.count]
    }
}

/// A checked mapping: its known keys, each optional or required.
struct YAMLObject {
    let value: YAMLValue
    let entries: [(key: String, value: YAMLValue, keyNode: Node)]

    subscript(_ key: String) -> YAMLValue? {
        entries.first { $0.key == key && !$0.value.isNull }?.value
    }

    func required(_ key: String) throws -> YAMLValue {
        guard let v = self[key] else { throw value.error("missing '\(key)'") }
        return v
    }

    func string(_ key: String) throws -> String? { try self[key]?.string() }
    func double(_ key: String) throws -> Double? { try self[key]?.double() }
    func int(_ key: String) throws -> Int? { try self[key]?.int() }
    func bool(_ key: String) throws -> Bool? { try self[key]?.bool() }
}
