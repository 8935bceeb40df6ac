/// What a log's header says: its shape (wide or long) and, for wide logs, which plant tag each
/// column feeds and how to convert its unit.
public struct LogHeader: Sendable {
    public enum Shape: Sendable, Equatable { case wide, long }

    /// A wide column: the tag it feeds (nil if unknown) and value·scale + offset in the tag's unit.
    public struct Column: Sendable, Equatable {
        public var name: String
        var declaredUnit: String?
        public var tag: Int?
        public var scale: Double = 1
        public var offset: Double = 0
        /// Why the column is ignored, if it is.
        var problem: (reason: RejectReason, detail: String)? {
            get { problemReason.map { ($0, problemDetail) } }
            set { problemReason = newValue?.reason; problemDetail = newValue?.detail ?? "" }
        }
        var problemReason: RejectReason?
        var problemDetail = ""
    }

    var shape: Shape
    public var cells: [String]
    /// Wide: one per column after the timestamp. Long: empty.
    public var columns: [Column]
    /// Long: positions of the tag, value and optional quality and unit cells.
    var tagColumn = 1, valueColumn = 2, qualityColumn: Int?, unitColumn: Int?

    static let timeNames: Set<String> = ["timestamp", "time", "ts", "datetime", "date", "date_time", "time_stamp"]

    /// Splits `name [unit]` or `name (unit)`.
    static func splitUnit(_ cell: String) -> (name: String, unit: String?) {
        let s = cell.trimmed
        for (open, close) in [("[", "]"), ("(", ")")] where s.hasSuffix(close) {
            if let o = s.lastIndex(of: Character(open)) {
                let name = s[..<o].trimmed
                let unit = s[s.index(after: o)..<s.index(before: s.endIndex)].trimmed
                if !name.isEmpty { return (name, unit) }
            }
        }
        return (s, nil)
    }

    public struct HeaderError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads a header row. Long when it names tag and value columns; wide otherwise.
    public init(cells raw: [String]) throws {
        cells = raw.map { $0.trimmed }
        guard let first = cells.first, LogHeader.timeNames.contains(LogHeader.splitUnit(first).name.lowercased()) else {
            throw HeaderError(description: "the first header cell must name the timestamp column (timestamp, time, ts or datetime), found '\(Sanitize.line(cells.first ?? ""))'")
        }
        let lower = cells.map { $0.lowercased() }
        if let t = lower.firstIndex(of: "tag"), let v = lower.firstIndex(of: "value"), cells.count <= 5 {
            shape = .long
            tagColumn = t
            valueColumn = v
            qualityColumn = lower.firstIndex(of: "quality")
            unitColumn = lower.firstIndex(of: "unit")
            columns = []
        } else {
            guard cells.count >= 2 else { throw HeaderError(description: "the header has a timestamp column but no tag columns") }
            shape = .wide
            columns = cells.dropFirst().map { c in
                let (name, unit) = LogHeader.splitUnit(c)
                return Column(name: name, declaredUnit: unit)
            }
        }
    }

    /// Binds the columns to a plant's tags, with unit conversions; unknown tags and
    /// unconvertible units leave the column unbound with its problem noted.
    public mutating func bind(to registry: TagRegistry) {
        for i in columns.indices {
            guard let idx = registry.index(ofColumn: columns[i].name) else {
                columns[i].problem = (.unknownTag, "column '\(Sanitize.line(columns[i].name))' is not a tag of this plant; its cells are ignored")
                continue
            }
            let tagUnit = registry.tags[idx].unit
            if let declared = columns[i].declaredUnit, !declared.isEmpty {
                guard let u = Unit(symbol: declared) else {
                    columns[i].problem = (.unitMismatch, "column '\(columns[i].name)': unknown unit '\(Sanitize.line(declared))' (the tag is in \(tagUnit.ascii))")
                    continue
                }
                do {
                    let a = try UnitConversion.convert(0, from: u, to: tagUnit)
                    let b = try UnitConversion.convert(1, from: u, to: tagUnit)
                    columns[i].offset = a
                    columns[i].scale = b - a
                } catch {
                    columns[i].problem = (.unitMismatch, "column '\(columns[i].name)': \(error) (the tag is in \(tagUnit.ascii))")
                    continue
                }
            }
            columns[i].tag = idx
        }
    }

    /// Historian quality of a long log's reading: OPC DA's quality byte (192 good, 64 uncertain,
    /// 0 bad: its top two bits), OPC UA's words, or their names. nil: not a quality we know.
    public enum Quality: Sendable, Equatable { case good, uncertain, bad }

    static func quality(_ text: String) -> Quality? {
        let t = text.trimmed.lowercased()
        switch t {
        case "", "good", "g", "ok", "valid": return .good
        case "uncertain", "u", "questionable", "suspect": return .uncertain
        case "bad", "b", "invalid": return .bad
        default:
            // OPC UA status names and vendors' variants: "Good [Non-Specific]", "Bad_SensorFailure",
            // "Uncertain_LastUsableValue".
            if t.hasPrefix("good") { return .good }
            if t.hasPrefix("uncertain") { return .uncertain }
            if t.hasPrefix("bad") { return .bad }
            guard let n = Int(t), (0...255).contains(n) else { return nil }
            switch n >> 6 { case 3: return .good; case 1: return .uncertain; case 0: return .bad; default: return nil }
        }
    }

    /// value · scale + offset converts `unit` into the tag's unit; nil with the reason when it cannot.
    static func conversion(from unitText: String, to tagUnit: Unit) -> (scale: Double, offset: Double)? {
        guard let u = Unit(symbol: unitText) else { return nil }
        guard let a = try? UnitConversion.convert(0, from: u, to: tagUnit), let b = try? UnitConversion.convert(1, from: u, to: tagUnit) else { return nil }
        return (b - a, a)
    }

    /// The names a log uses for tags, to infer its plant.
    var tagNames: [String] { columns.map(\.name) }
}

/// Text from logs and the network is untrusted: before it reaches a terminal or a message,
/// control characters (C0, DEL, C1, and escape sequences) are replaced by visible escapes.
public enum Sanitize {
    public static func line(_ s: String, limit: Int = 200) -> String {
        var out = ""
        var n = 0
        for u in s.unicodeScalars {
            if n >= limit { out += "…"; break }
            switch u.value {
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0: out += "\\u{\(String(u.value, radix: 16))}"
            case 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: out += "\\u{\(String(u.value, radix: 16))}"
            default: out.unicodeScalars.append(u)
            }
            n += 1
        }
        return out
    }

    /// Decodes bytes leniently (invalid UTF-8 becomes U+FFFD) and sanitises them.
    public static func bytes(_ b: UnsafeBufferPointer<UInt8>, limit: Int = 200) -> String {
        line(String(decoding: b, as: UTF8.self), limit: limit)
    }
}
