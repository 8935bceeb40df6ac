/// Parses blocks of complete lines against a bound header. Pure and thread-safe: each block is
/// parsed on its own, so a file's blocks can be parsed on both cores at once.
struct BlockParser: Sendable {
    public let header: LogHeader
    public let registry: TagRegistry
    public let utcOffset: Int
    /// Lines longer than this are rejected whole.
    static let maxLineLength = 65_536
    private let lookup: TagLookup
    private let lower: [Double]
    private let upper: [Double]
    /// Wide: per column, the tag index (−1 = ignored), scale and offset.
    private let colTag: [Int32]
    private let colScale: [Double]
    private let colOffset: [Double]
    private let colConverts: [Bool]
    /// Tags whose readings are delivered; the others are still validated (a bad cell is reported
    /// whatever its column) but not stored. A report keeps only what its KPIs read.
    private let keep: [Bool]
    /// Deliver a rejected reading of a known tag as a NaN entry at its row's time, so that
    /// bad-quality alarms see it. (It is still counted and reported as rejected.)
    private let markBad: Bool

    public init(header: LogHeader, registry: TagRegistry, utcOffset: Int, keep: [Bool]? = nil, markBad: Bool = false) {
        self.header = header
        self.registry = registry
        self.utcOffset = utcOffset
        lookup = TagLookup(registry)
        lower = registry.tags.map(\.validRange.lowerBound)
        upper = registry.tags.map(\.validRange.upperBound)
        colTag = header.columns.map { Int32($0.tag ?? -1) }
        colScale = header.columns.map(\.scale)
        colOffset = header.columns.map(\.offset)
        colConverts = header.columns.map { $0.scale != 1 || $0.offset != 0 }
        self.keep = keep ?? Array(repeating: true, count: registry.count)
        self.markBad = markBad
    }

    /// Parses `bytes`, whose last line ends in a newline unless `atEOF` says the file ended there.
    public func parse(_ bytes: [UInt8], atEOF: Bool) -> ParsedBlock {
        var block = ParsedBlock.Builder()
        var fields = CSVFields()
        var ts = TimestampParser(defaultOffset: utcOffset)
        withWideTables { wide in
            bytes.withUnsafeBufferPointer { buf in
                guard let base = buf.baseAddress else { return }
                let n = buf.count
                var lineStart = 0
                var line = 0
                block.rowTime.reserveCapacity(n / 64)
                block.entryValue.reserveCapacity(n / 7)
                block.entryTag.reserveCapacity(n / 7)
                while lineStart < n {
                    var lineEnd = n
                    if let nl = memchr(base + lineStart, 10, n - lineStart) {
                        lineEnd = lineStart + (UnsafeRawPointer(nl) - UnsafeRawPointer(base + lineStart))
                    }
                    let terminated = lineEnd < n
                    var contentEnd = lineEnd
                    if contentEnd > lineStart && base[contentEnd - 1] == 13 { contentEnd -= 1 }
                    if !(terminated && header.shape == .wide && fastWideLine(base, lineStart, lineEnd, line: line, wide: wide, block: &block, ts: &ts)) {
                        parseLine(base, lineStart, contentEnd, line: line, truncated: !terminated && atEOF, block: &block, fields: &fields, ts: &ts)
                    }
                    line += 1
                    lineStart = lineEnd + 1
                }
                block.lineCount = line
            }
        }
        return ParsedBlock(bytes: bytes, block)
    }

    /// What the fast path reads per cell, as raw pointers valid for one block, and room for one
    /// row's readings: the cells of a line are checked into the scratch and appended to the block
    /// in one go once the whole line has passed, so a line the fast path gives up on leaves
    /// nothing behind, and the block's arrays are checked for uniqueness and capacity once a row
    /// rather than once a reading (this loop is most of the time spent reading a log).
    private struct WideTables {
        let colTag: UnsafePointer<Int32>
        let colScale: UnsafePointer<Double>
        let colOffset: UnsafePointer<Double>
        let colConverts: UnsafePointer<Bool>
        let lower: UnsafePointer<Double>
        let upper: UnsafePointer<Double>
        let keep: UnsafePointer<Bool>
        let columns: Int
        let rowTags: UnsafeMutablePointer<Int32>
        let rowValues: UnsafeMutablePointer<Double>
    }

    private func withWideTables<R>(_ body: (WideTables) -> R) -> R {
        let columns = colTag.count
        let rowTags = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, columns))
        let rowValues = UnsafeMutablePointer<Double>.allocate(capacity: max(1, columns))
        defer { rowTags.deallocate(); rowValues.deallocate() }
        return colTag.withUnsafeBufferPointer { colTag in
            colScale.withUnsafeBufferPointer { colScale in
                colOffset.withUnsafeBufferPointer { colOffset in
                    colConverts.withUnsafeBufferPointer { colConverts in
                        lower.withUnsafeBufferPointer { lower in
                            upper.withUnsafeBufferPointer { upper in
                                keep.withUnsafeBufferPointer { keep in
                                    // An empty array's buffer may have no base address: a dummy stands in (never read).
                                    let dummyI = UnsafePointer(rowTags), dummyD = UnsafePointer(rowValues)
                                    let dummyB = UnsafePointer(UnsafeMutableRawPointer(rowTags).assumingMemoryBound(to: Bool.self))
                                    return body(WideTables(colTag: colTag.baseAddress ?? dummyI, colScale: colScale.baseAddress ?? dummyD,
                                                           colOffset: colOffset.baseAddress ?? dummyD, colConverts: colConverts.baseAddress ?? dummyB,
                                                           lower: lower.baseAddress ?? dummyD, upper: upper.baseAddress ?? dummyD,
                                                           keep: keep.baseAddress ?? dummyB, columns: columns,
                                                           rowTags: rowTags, rowValues: rowValues))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The common case in one pass: a wide row of plain numbers. Anything unusual (quotes, spaces,
    /// odd characters, a bad or out-of-range value, a wrong cell count) returns false before
    /// anything is recorded, and the line is parsed again by the careful path, which reports it.
    @inline(__always)
    private func fastWideLine(_ base: UnsafePointer<UInt8>, _ s: Int, _ lineEnd: Int, line: Int, wide w: WideTables,
                              block: inout ParsedBlock.Builder, ts: inout TimestampParser) -> Bool {
        var e = lineEnd
        if e > s && base[e - 1] == 13 { e -= 1 }
        guard e - s > 0, e - s <= BlockParser.maxLineLength else { return false }
        var p = s
        while p < e && base[p] != 44 { p += 1 }
        guard p < e, let time = ts.parse(base + s, p - s) else { return false }
        var cells = 0
        var c = 0
        while c < w.columns {
            guard p < e, base[p] == 44 else { return false }
            p += 1
            let start = p
            // Scan the cell as a plain decimal number.
            var negative = false
            if p < e && base[p] == 45 { negative = true; p += 1 }
            var mantissa: UInt64 = 0
            var digits = 0, frac = 0
            while p < e, base[p] &- 48 < 10 { mantissa = mantissa &* 10 &+ UInt64(base[p] &- 48); digits += 1; p += 1 }
            if p < e && base[p] == 46 {
                p += 1
                while p < e, base[p] &- 48 < 10 { mantissa = mantissa &* 10 &+ UInt64(base[p] &- 48); digits += 1; frac += 1; p += 1 }
            }
            if p < e && base[p] != 44 { return false }     // exponent, text, quote…
            let tag = w.colTag[c]
            c += 1
            if p == start { continue }                     // empty cell
            if tag < 0 { continue }
            // ≤ 15 digits: the mantissa is below 2⁵³ and 10^frac exact, so one division rounds correctly.
            guard digits > 0, digits <= 15 else { return false }
            var v = Double(mantissa) / ByteParsing.exactPow10(frac)
            if negative { v = -v }
            if w.colConverts[c - 1] { v = v * w.colScale[c - 1] + w.colOffset[c - 1] }
            // Checked after the line: a check here would wait on the division, whose latency is
            // most of a cell's time, where the next cell's digits can be scanned meanwhile.
            w.rowTags[cells] = tag
            w.rowValues[cells] = v
            cells += 1
        }
        guard p == e else { return false }
        var kept = 0
        for k in 0..<cells {
            let tag = w.rowTags[k], v = w.rowValues[k], t = Int(tag)
            guard v >= w.lower[t] && v <= w.upper[t] else { return false }
            if !w.keep[t] { continue }
            w.rowTags[kept] = tag
            w.rowValues[kept] = v
            kept += 1
        }
        block.entryTag.append(contentsOf: UnsafeBufferPointer(start: w.rowTags, count: kept))
        block.entryValue.append(contentsOf: UnsafeBufferPointer(start: w.rowValues, count: kept))
        block.rowTime.append(time)
        block.rowLine.append(Int32(line))
        block.rowByteStart.append(Int32(s))
        block.rowByteEnd.append(Int32(e))
        block.rowEntry.append(Int32(block.entryTag.count))
        return true
    }

    @inline(__always)
    private func parseLine(_ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int, line: Int, truncated: Bool,
                           block: inout ParsedBlock.Builder, fields: inout CSVFields, ts: inout TimestampParser) {
        let len = e - s
        if len == 0 { return }
        if base[s] == 35 { return }                         // '#' comment
        var blank = true
        for k in s..<e where base[k] != 32 && base[k] != 9 { blank = false; break }
        if blank { return }
        func reject(_ reason: RejectReason, _ detail: String, column: Int? = nil, whole: Bool = true) {
            block.issues.append(.init(line: line, column: column, reason: reason, detail: detail, byteStart: s, byteEnd: e, wholeRow: whole))
        }
        if len > BlockParser.maxLineLength {
            reject(.lineTooLong, "line of \(len) bytes exceeds the \(BlockParser.maxLineLength)-byte limit")
            return
        }
        var high = false
        for k in s..<e where base[k] >= 0x80 { high = true; break }
        if high && !UTF8Check.isValid(base + s, len) {
            reject(.invalidUTF8, "line is not valid UTF-8")
            return
        }
        fields.split(base + s, len)
        if fields.malformed {
            reject(.wrongColumnCount, "unbalanced or misplaced quotes")
            return
        }
        let expected = header.shape == .wide ? header.columns.count + 1 : header.cells.count
        let minimum = header.shape == .long ? (header.qualityColumn == nil ? expected : expected - 1) : expected
        if fields.count < minimum || fields.count > expected {
            if truncated {
                reject(.truncatedLine, "file ends mid-row: \(fields.count) of \(expected) cells")
            } else {
                reject(.wrongColumnCount, "\(fields.count) cells where the header has \(expected)")
            }
            return
        }
        let fieldBase: UnsafePointer<UInt8>
        var scratchCopy: [UInt8] = []
        if fields.usesScratch {
            scratchCopy = fields.scratch
            fieldBase = scratchCopy.withUnsafeBufferPointer { $0.baseAddress! }
        } else {
            fieldBase = base + s
        }
        // Keeps the scratch copy alive while `fieldBase` points into it.
        withExtendedLifetime(scratchCopy) {
            var fs = fields.starts[0], fe = fields.ends[0]
            CSVFields.trim(fieldBase, &fs, &fe)
            guard let time = ts.parse(fieldBase + fs, fe - fs) else {
                reject(.badTimestamp, "'\(Sanitize.bytes(UnsafeBufferPointer(start: fieldBase + fs, count: fe - fs), limit: 40))' is not ISO 8601 or epoch seconds", column: 1)
                return
            }
            let before = block.entryTag.count
            if header.shape == .wide {
                for c in 1..<fields.count {
                    var a = fields.starts[c], b = fields.ends[c]
                    let tag = colTag[c - 1]
                    if tag < 0 { continue }
                    CSVFields.trim(fieldBase, &a, &b)
                    if a == b { continue }                     // empty cell: no reading
                    func markBadCell() {
                        if markBad && keep[Int(tag)] { block.entryTag.append(tag); block.entryValue.append(.nan) }
                    }
                    guard var v = ByteParsing.double(fieldBase + a, b - a) else {
                        reject(.nonNumeric, "\(header.columns[c - 1].name): '\(Sanitize.bytes(UnsafeBufferPointer(start: fieldBase + a, count: b - a), limit: 40))' is not a number", column: c + 1, whole: false)
                        markBadCell()
                        continue
                    }
                    guard v.isFinite else {
                        reject(.notFinite, "\(header.columns[c - 1].name): \(v)", column: c + 1, whole: false)
                        markBadCell()
                        continue
                    }
                    if colConverts[c - 1] { v = v * colScale[c - 1] + colOffset[c - 1] }
                    let t = Int(tag)
                    guard v >= lower[t] && v <= upper[t] else {
                        reject(.outOfRange, "\(registry.tags[t].id) = \(v) \(registry.tags[t].unit.ascii) is outside \(lower[t])…\(upper[t])", column: c + 1, whole: false)
                        markBadCell()
                        continue
                    }
                    if !keep[t] { continue }
                    block.entryTag.append(tag)
                    block.entryValue.append(v)
                }
            } else {
                var a = fields.starts[header.tagColumn], b = fields.ends[header.tagColumn]
                CSVFields.trim(fieldBase, &a, &b)
                // The tag cell may carry the unit ("chw_flow [m3/h]", as wide headers do), and a
                // unit column may give it; either converts the value into the tag's unit.
                var scale = 1.0, offset = 0.0
                var unitText: String?, unitFromColumn = false
                var tagIndex = lookup.index(fieldBase + a, b - a)
                if tagIndex == nil {
                    let cell = String(decoding: UnsafeBufferPointer(start: fieldBase + a, count: b - a), as: UTF8.self)
                    let (name, unit) = LogHeader.splitUnit(cell)
                    if unit != nil, let i = registry.index(ofColumn: name) { tagIndex = i; unitText = unit }
                }
                guard let tag = tagIndex else {
                    reject(.unknownTag, "'\(Sanitize.bytes(UnsafeBufferPointer(start: fieldBase + a, count: b - a), limit: 60))' is not a tag of this plant", column: header.tagColumn + 1)
                    return
                }
                if unitText == nil, let u = header.unitColumn, u < fields.count {
                    var ua = fields.starts[u], ub = fields.ends[u]
                    CSVFields.trim(fieldBase, &ua, &ub)
                    if ub > ua {
                        unitText = String(decoding: UnsafeBufferPointer(start: fieldBase + ua, count: ub - ua), as: UTF8.self)
                        unitFromColumn = true
                    }
                }
                if let text = unitText, text != registry.tags[tag].unit.rawValue {
                    guard let c = LogHeader.conversion(from: text, to: registry.tags[tag].unit) else {
                        reject(.unitMismatch, "\(registry.tags[tag].id): unit '\(Sanitize.line(text, limit: 20))' cannot be converted to \(registry.tags[tag].unit.ascii)",
                               column: (unitFromColumn ? header.unitColumn! : header.tagColumn) + 1)
                        return
                    }
                    (scale, offset) = c
                }
                // A rejected reading still marks its tag bad at this instant, when asked.
                func rejectReading(_ reason: RejectReason, _ detail: String, column: Int) {
                    reject(reason, detail, column: column)
                    guard markBad && keep[tag] else { return }
                    block.entryTag.append(Int32(tag))
                    block.entryValue.append(.nan)
                    block.rowTime.append(time)
                    block.rowLine.append(Int32(line))
                    block.rowByteStart.append(Int32(s))
                    block.rowByteEnd.append(Int32(e))
                    block.rowEntry.append(Int32(block.entryTag.count))
                }
                if let q = header.qualityColumn, q < fields.count {
                    var qa = fields.starts[q], qb = fields.ends[q]
                    CSVFields.trim(fieldBase, &qa, &qb)
                    let qual = String(decoding: UnsafeBufferPointer(start: fieldBase + qa, count: qb - qa), as: UTF8.self)
                    // Uncertain readings are kept, as historians' own aggregates keep them; bad ones
                    // (and qualities nobody can read) are rejected and reach bad-quality alarms.
                    switch LogHeader.quality(qual) {
                    case .good, .uncertain: break
                    case .bad:
                        rejectReading(.badQuality, "\(registry.tags[tag].id) reading flagged bad by its source ('\(Sanitize.line(qual, limit: 20))')", column: q + 1)
                        return
                    case nil:
                        rejectReading(.badQuality, "\(registry.tags[tag].id): quality '\(Sanitize.line(qual, limit: 20))' is not one plantwatch knows (Good/Uncertain/Bad, 192/64/0)", column: q + 1)
                        return
                    }
                }
                var va = fields.starts[header.valueColumn], vb = fields.ends[header.valueColumn]
                CSVFields.trim(fieldBase, &va, &vb)
                guard var v = ByteParsing.double(fieldBase + va, vb - va) else {
                    rejectReading(.nonNumeric, "\(registry.tags[tag].id): '\(Sanitize.bytes(UnsafeBufferPointer(start: fieldBase + va, count: vb - va), limit: 40))' is not a number", column: header.valueColumn + 1)
                    return
                }
                if scale != 1 || offset != 0 { v = v * scale + offset }
                guard v.isFinite else { rejectReading(.notFinite, "\(registry.tags[tag].id): \(v)", column: header.valueColumn + 1); return }
                guard v >= lower[tag] && v <= upper[tag] else {
                    rejectReading(.outOfRange, "\(registry.tags[tag].id) = \(v) \(registry.tags[tag].unit.ascii) is outside \(lower[tag])…\(upper[tag])", column: header.valueColumn + 1)
                    return
                }
                if !keep[tag] { return }
                block.entryTag.append(Int32(tag))
                block.entryValue.append(v)
            }
            _ = before
            block.rowTime.append(time)
            block.rowLine.append(Int32(line))
            block.rowByteStart.append(Int32(s))
            block.rowByteEnd.append(Int32(e))
            block.rowEntry.append(Int32(block.entryTag.count))
        }
    }
}
