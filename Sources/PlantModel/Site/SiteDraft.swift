/// `site init --from LOG...`: a first site file drafted from logs, for an engineer to finish.
/// Per column it reads the unit from the header, guesses the kind (a counter that never falls →
/// totaliser, small integers → state, a per-time unit → rate, else process), learns the interval
/// (the median spacing of the tag's readings, robust to gaps) and the valid range (the values
/// seen, widened); KPIs are left as commented examples, since only the engineer knows what they are.
public struct SiteDraft: Sendable {
    public struct Column: Sendable, Equatable {
        public var name: String
        public var unit: Unit?
        var unitText: String?
        public var count = 0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var nonDecreasing = true
        var allIntegers = true
        public var last = Double.nan
        var lastTime = Double.nan
        var spacings: [Double] = []

        public var kind: TagKind {
            if let u = unit, u.dimension == .state { return .state }
            if let u = unit, u.integrated != nil { return .rate }
            if nonDecreasing && count >= 3 && maximum > minimum, unit.map({ [.volume, .mass, .energy, .count].contains($0.dimension) }) ?? true {
                return .totaliser
            }
            if allIntegers && minimum >= 0 && maximum <= 10 && count >= 3 { return .state }
            return .process
        }

        /// Median spacing of readings (seconds), nil with fewer than two.
        public var interval: Double? {
            guard !spacings.isEmpty else { return nil }
            let s = spacings.sorted()
            return s[s.count / 2]
        }
    }

    public private(set) var columns: [Column] = []
    public private(set) var rows = 0
    public private(set) var skipped: [String] = []
    public private(set) var first = Double.nan
    public private(set) var last = Double.nan
    public private(set) var files: [String] = []
    private var index: [String: Int] = [:]
    /// Spacings kept per tag: enough for a robust median, bounded memory on a year of data.
    static let spacingSample = 20_000

    public init() {}

    /// Reads one log (wide or long) into the draft. At most `limit` bytes are sampled.
    public mutating func add(path: String, limit: Int = 64 << 20) throws {
        let bytes = try ChunkReader.readAll(path)
        files.append(path)
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .lazy.filter { !$0.hasPrefix("#") }.makeIterator()
        guard let headerLine = lines.next() else { throw LogError(file: path, line: 1, message: "the file is empty") }
        let header = try LogHeader(cells: CSVSplit.cells(String(headerLine)))
        var lineNo = 1
        if bytes.count > limit { skipped.append("\(path): only the first \(limit >> 20) MB were sampled") }
        switch header.shape {
        case .wide:
            let cols = header.columns.map { column(named: $0.name, unit: $0.declaredUnit) }
            while let l = lines.next() {
                lineNo += 1
                let cells = CSVSplit.cells(String(l))
                guard cells.count >= 2, let t = ISO8601.parse(cells[0], defaultOffset: 0) else { note(path, lineNo, "no timestamp"); continue }
                for (k, c) in cols.enumerated() where k + 1 < cells.count {
                    if let v = Double(cells[k + 1]) { observe(c, t, v) }
                }
                stamp(t)
            }
        case .long:
            let unitColumn = header.cells.firstIndex { $0.lowercased() == "unit" }
            while let l = lines.next() {
                lineNo += 1
                let cells = CSVSplit.cells(String(l))
                guard cells.count > max(header.tagColumn, header.valueColumn), let t = ISO8601.parse(cells[0], defaultOffset: 0) else {
                    note(path, lineNo, "no timestamp or too few cells"); continue
                }
                let (name, unit) = LogHeader.splitUnit(cells[header.tagColumn])
                let c = column(named: name, unit: unit ?? unitColumn.flatMap { $0 < cells.count ? cells[$0] : nil })
                if let v = Double(cells[header.valueColumn]) { observe(c, t, v) }
                stamp(t)
            }
        }
    }

    private mutating func note(_ path: String, _ line: Int, _ why: String) {
        if skipped.count < 5 { skipped.append("\(path):\(line): \(why)") }
    }

    private mutating func stamp(_ t: Double) {
        rows += 1
        if first.isNaN || t < first { first = t }
        if last.isNaN || t > last { last = t }
    }

    private mutating func column(named name: String, unit: String?) -> Int {
        if let i = index[name] { return i }
        let u = unit.flatMap { $0.isEmpty ? nil : $0 }
        columns.append(Column(name: name, unit: u.flatMap { Unit(symbol: $0) }, unitText: u))
        index[name] = columns.count - 1
        return columns.count - 1
    }

    private mutating func observe(_ i: Int, _ t: Double, _ v: Double) {
        guard v.isFinite else { return }
        columns[i].count += 1
        columns[i].minimum = min(columns[i].minimum, v)
        columns[i].maximum = max(columns[i].maximum, v)
        if !columns[i].last.isNaN && v < columns[i].last { columns[i].nonDecreasing = false }
        if v != v.rounded() { columns[i].allIntegers = false }
        columns[i].last = v
        if !columns[i].lastTime.isNaN && t > columns[i].lastTime && columns[i].spacings.count < SiteDraft.spacingSample {
            columns[i].spacings.append(t - columns[i].lastTime)
        }
        columns[i].lastTime = t
    }

    /// A range that the data lies well inside: from zero for non-negative data, else widened by
    /// half the span, rounded outward to a readable number. A meter register's range is open-ended.
    static func range(_ c: Column) -> (Double, Double) {
        if c.kind == .totaliser { return (0, 1e12) }
        let span = max(c.maximum - c.minimum, abs(c.maximum) * 0.1, 1)
        let lo = c.minimum >= 0 ? 0 : c.minimum - span / 2
        let hi = c.maximum + span / 2
        return (roundOut(lo, down: true), roundOut(hi, down: false))
    }

    static func roundOut(_ x: Double, down: Bool) -> Double {
        guard x != 0 else { return 0 }
        let mag = pow10(Int(log10(abs(x)).rounded(.down)))
        let step = mag / 2
        return down ? (x / step).rounded(.down) * step : (x / step).rounded(.up) * step
    }

    /// The draft as YAML.
    public func yaml(id: String) -> String {
        var out = """
        # Site file drafted by `plantwatch site init` from \(files.map { Sanitize.line($0) }.joined(separator: ", ")).
        # \(rows) rows, \(columns.count) tags\(first.isNaN ? "" : ", " + ISO8601.format(first, offset: 0) + " to " + ISO8601.format(last, offset: 0)).
        # Check every guess (kinds, units, ranges), then add KPIs and alarms; `plantwatch site check FILE`
        # validates it. The README's "Site files" section documents every field.
        site:
          id: \(id)
          title: \(id)
          location: ""
          utc_offset: "+00:00"        # the plant's local time: days and timestamps without an offset use it

        tags:

        """
        var totalisers: [String] = [], rates: [String] = [], processes: [String] = []
        for c in columns {
            let kind = c.kind
            let (lo, hi) = SiteDraft.range(c)
            var fields = ["id: \(yamlScalar(c.name))"]
            if let u = c.unit { fields.append("unit: \(yamlScalar(u.rawValue))") } else { fields.append("unit: \(kind == .state ? "state" : "\"1\"")") }
            fields.append("kind: \(kind.rawValue)")
            if let i = c.interval { fields.append("interval: \(NumberFormat.string(i, decimals: i == i.rounded() ? 0 : 1))") }
            fields.append("range: [\(num(lo)), \(num(hi))]")
            var comment = "\(c.count) readings, \(num(c.minimum))…\(num(c.maximum))"
            if c.unit == nil { comment += c.unitText.map { "; unit '\(Sanitize.line($0))' not known: give one of plantwatch's units" } ?? "; no unit in the header" }
            out += "  - {\(fields.joined(separator: ", "))}   # \(comment)\n"
            switch kind {
            case .totaliser: totalisers.append(c.name)
            case .rate: rates.append(c.name)
            case .process: processes.append(c.name)
            case .state: break
            }
        }
        let q = totalisers.first ?? rates.first ?? "METER"
        let d = totalisers.dropFirst().first ?? rates.dropFirst().first ?? "OTHER_METER"
        let p = processes.first ?? "TEMPERATURE"
        out += """

        # KPIs are ratios of sums over a window (see the README): uncomment and edit.
        # kpis:
        #   - id: specific_use
        #     name: \(q) per \(d)
        #     unit: "1"
        #     numerator: [{quantity: \(q)}]
        #     denominator: [{quantity: \(d)}]
        #     target: 1.0
        #     better: lower
        #   - id: mean_\(p)
        #     name: \(p) (time-weighted)
        #     unit: degC
        #     numerator: [{time_integral: \(p)}]
        #     denominator: [{hours: \(p)}]

        # alarms:
        #   - {id: \(q)-stale, target: \(q), kind: stale, limit: 900, priority: high, message: "\(q) silent for {value}"}

        """
        return out
    }

    private func num(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : NumberFormat.string(x, decimals: 4)
    }

    private func yamlScalar(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-./".unicodeScalars.contains($0) }
            && !"-.".unicodeScalars.contains(s.unicodeScalars.first!)
        if plain { return s }
        return "\"" + Sanitize.line(s).replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

/// Splits one CSV line into trimmed cells (RFC 4180 quotes), for the occasional line read
/// outside the block parser (headers, drafts).
enum CSVSplit {
    static func cells(_ line: String) -> [String] {
        var bytes = Array(line.utf8)
        var f = CSVFields()
        let n = bytes.count
        return bytes.withUnsafeMutableBufferPointer { p -> [String] in
            guard let base = p.baseAddress else { return [""] }
            f.split(base, n)
            let src = f.usesScratch ? f.scratch : Array(p)
            return (0..<f.count).map { k in String(decoding: src[f.starts[k]..<f.ends[k]], as: UTF8.self).trimmed }
        }
    }
}
