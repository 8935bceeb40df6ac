/// Reads one or more logs of a plant and delivers their rows in time order, checking what a
/// block parser cannot see on its own (order across lines and files, duplicates), counting every
/// reject by reason, writing them verbatim to a rejects file if asked, and stopping at the first
/// one in strict mode.
public final class LogReader {
    public let plant: PlantDefinition
    public let files: [LogFile]
    public private(set) var tally = RejectTally()
    public var strict = false
    /// Called for each byte count read, for progress indicators.
    public var progress: ((Int, Int) -> Void)?
    private var rejects: RejectsWriter?

    /// Raised in strict mode at the first rejected row or cell (exit status 65, EX_DATAERR).
    public struct StrictStop: Error, CustomStringConvertible {
        public let issue: LogIssue
        public var description: String { "\(issue) (stopped: --strict)" }
    }

    public struct PlantInferenceError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The log is not the given plant's (exit status 65 in the commands).
    public struct NotThisPlant: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens the files; infers the plant from their tags unless one is given.
    public convenience init(paths: [String], plant: PlantDefinition?, rejectsPath: String? = nil) throws {
        try self.init(paths: paths, candidates: plant.map { [$0] } ?? PlantCatalog.all, rejectsPath: rejectsPath)
    }

    /// Opens the files; the plant is the one of `candidates` whose tags the logs carry (the only
    /// one, when there is one).
    public convenience init(paths: [String], candidates: [PlantDefinition], rejectsPath: String? = nil) throws {
        try self.init(paths: paths, candidates: candidates, rejectsPath: rejectsPath, blockSize: LogFile.defaultBlockSize)
    }

    init(paths: [String], candidates: [PlantDefinition], rejectsPath: String? = nil, blockSize: Int) throws {
        guard !paths.isEmpty else { throw LogError(file: "-", line: 0, message: "no log files given") }
        let files = try paths.map { try LogFile(path: $0, blockSize: blockSize) }
        let chosen = candidates.count == 1 ? candidates[0] : try LogReader.inferPlant(files, among: candidates)
        // A log whose columns (or, long, tags) mostly belong to no tag of the plant, or clearly
        // better to another plant, is not this plant's: reading it would reject nearly every
        // reading and report zeros.
        for f in files {
            let names = f.header.shape == .wide ? f.header.tagNames : Array(LogReader.peekTags(f))
            func matches(_ p: PlantDefinition) -> Int { names.filter { p.tags.index(ofColumn: LogHeader.splitUnit($0).name) != nil }.count }
            let mine = matches(chosen)
            // Most of the columns are the plant's: no need to weigh the other plants at all.
            guard !names.isEmpty, mine == 0 || 2 * mine < names.count else { continue }
            let others = (PlantCatalog.all + candidates).filter { $0.id != chosen.id }
            let best = others.map { ($0, matches($0)) }.max { $0.1 < $1.1 }
            guard mine == 0 || (best?.1 ?? 0) >= 2 * mine else { continue }
            let sample = names.prefix(4).map { Sanitize.line($0, limit: 40) }.joined(separator: ", ") + (names.count > 4 ? ", …" : "")
            throw NotThisPlant(description: "\(Sanitize.line(f.path)) is not plant \(chosen.id)'s log: \(mine) of its \(names.count) \(f.header.shape == .wide ? "columns" : "tags") (\(sample)) are its tags"
                + (best.map { $0.1 > mine ? "; it looks like plant \($0.0.id)'s (\($0.1) of them)" : "; no known plant or site has them (`plantwatch site init --from` drafts a site file)" } ?? ""))
        }
        for f in files { f.bind(to: chosen) }
        self.plant = chosen
        self.files = files
        if let rejectsPath { rejects = try RejectsWriter(path: rejectsPath) }
        // Header-level problems: a column that is not a tag, or whose unit cannot be converted.
        for f in files where f.header.shape == .wide {
            for (i, c) in f.header.columns.enumerated() {
                if let p = c.problem {
                    try record(LogIssue(file: f.path, line: f.headerLine, column: i + 2, reason: p.reason, detail: p.detail, raw: f.header.cells.joined(separator: ",")), wholeRow: false)
                }
            }
        }
    }

    /// The plant whose tag ids the logs' columns match best.
    static func inferPlant(_ files: [LogFile], among plants: [PlantDefinition] = PlantCatalog.all) throws -> PlantDefinition {
        var names = Set<String>()
        for f in files {
            if f.header.shape == .wide { names.formUnion(f.header.tagNames) } else { names.formUnion(LogReader.peekTags(f)) }
        }
        // Most matching tags first; among equals, the plant the log covers clearly more of.
        let scored = plants.map { p -> (PlantDefinition, Int, Double) in
            let n = names.filter { p.tags.index(ofColumn: LogHeader.splitUnit($0).name) != nil }.count
            return (p, n, Double(n) / Double(p.tags.count))
        }.sorted { ($0.1, $0.2) > ($1.1, $1.2) }
        guard let best = scored.first, best.1 > 0 else {
            throw PlantInferenceError(description: "cannot tell which plant the log is from: none of its tags belong to \(plants.count == PlantCatalog.all.count ? "a built-in plant (use --plant or --site)" : "the sites given: " + plants.map(\.id).joined(separator: ", "))")
        }
        if scored.count > 1 && scored[1].1 == best.1 && best.2 < 1.3 * scored[1].2 {
            throw PlantInferenceError(description: "the log's tags fit plants \(best.0.id) and \(scored[1].0.id) equally (use --plant)")
        }
        return best.0
    }

    /// Tag names in the first lines of a long log (read separately; the file itself is not consumed).
    static func peekTags(_ f: LogFile) -> Set<String> {
        guard let reader = try? ChunkReader(path: f.path), let chunk = reader.next(blockSize: 1 << 16) else { return [] }
        var tags = Set<String>()
        for line in String(decoding: chunk.bytes, as: UTF8.self).split(separator: "\n").dropFirst().prefix(500) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            if cells.count > f.header.tagColumn { tags.insert(cells[f.header.tagColumn].trimmed) }
        }
        return tags
    }

    /// Delivers only these tags' readings (the rest are validated, then dropped), and with
    /// `markBad` a rejected reading as a NaN value, for bad-quality alarms. Call before `read`.
    public func deliver(only tags: Set<Int>? = nil, markBad: Bool = false) {
        let keep = (0..<plant.tags.count).map { tags?.contains($0) ?? true }
        for f in files { f.bind(to: plant, keep: keep, markBad: markBad) }
    }

    private func record(_ issue: LogIssue, wholeRow: Bool) throws {
        tally.add(issue, wholeRow: wholeRow)
        try rejects?.write(issue)
        if strict { throw StrictStop(issue: issue) }
    }

    private func record(_ i: ParsedBlock.Issue, block: ParsedBlock, firstLine: Int, file: LogFile) throws {
        try record(LogIssue(file: file.path, line: firstLine + i.line, column: i.column, reason: i.reason,
                            detail: i.detail, raw: String(decoding: block.bytes[i.byteStart..<i.byteEnd], as: UTF8.self)), wholeRow: i.wholeRow)
    }

    /// A cursor over one file's rows.
    final class Cursor {
        let file: LogFile
        var blocks: [LogFile.Block] = []
        var blockIndex = 0
        var row = 0
        var lastTime = -Double.infinity
        var issueIndex = 0
        init(file: LogFile) { self.file = file }
        var current: LogFile.Block? { blockIndex < blocks.count ? blocks[blockIndex] : nil }
    }

    /// Where a read stopped, to continue from later (a replay's checkpoints): per file the line
    /// to go on from (file offset, line number), the issues of its block already counted and the
    /// last row's time (nil: the file is done); each tag's latest reading; and the readings of
    /// the next instant already taken in. A few hundred bytes, whatever the log's length.
    public struct Position: Sendable {
        struct File: Sendable {
            var offset: Int
            var line: Int
            var issueIndex: Int
            var lastTime: Double
        }
        var files: [File?]
        var tagTime: [Double]
        var groupTime: Double
        var groupTags: [Int32]
        var groupValues: [Double]
    }

    /// The start of the logs' rows.
    public var start: Position {
        Position(files: files.map { File(offset: $0.dataStart.offset, line: $0.dataStart.line, issueIndex: 0, lastTime: -.infinity) },
                 tagTime: Array(repeating: -.infinity, count: plant.tags.count), groupTime: -.infinity, groupTags: [], groupValues: [])
    }
    private typealias File = Position.File

    /// Delivers every accepted row, in time order. Readings that share a
    /// timestamp (a long log's lines, or rows of several files) are delivered together as one row.
    /// The row's buffers are only valid during the call.
    public func read(parallel: Bool = true, _ body: (ReadingRow) throws -> Void) throws {
        _ = try read(from: nil, parallel: parallel) { try body($0); return true }
    }

    /// Delivers the rows from `position` (nil: where the files are, at first their start) until
    /// `body` returns false; returns where to continue, or nil when the logs are done. Rows,
    /// rejects and line numbers are those of one straight read, wherever it stops and resumes.
    public func read(from position: Position?, parallel: Bool = true, _ body: (ReadingRow) throws -> Bool) throws -> Position? {
        let cursors = files.map { Cursor(file: $0) }
        let totalBytes = files.reduce(0) { $0 + $1.size }
        var lastProgress = 0
        // Loads the cursor's next blocks, reporting their parse-time issues in line order.
        func refill(_ c: Cursor) throws -> Bool {
            while c.current == nil || c.row >= c.current!.block.rowCount {
                if let cur = c.current { try flushIssues(c, cur, upTo: Int.max) }
                if c.blockIndex + 1 < c.blocks.count {
                    c.blockIndex += 1; c.row = 0; c.issueIndex = 0
                } else {
                    let next = c.file.nextBlocks(parallel: parallel && files.count == 1)
                    if next.isEmpty { return false }
                    c.blocks = next; c.blockIndex = 0; c.row = 0; c.issueIndex = 0
                    if let progress {
                        let read = files.reduce(0) { $0 + $1.bytesRead }
                        if read - lastProgress > 4 << 20 { progress(read, totalBytes); lastProgress = read }
                    }
                }
                if let cur = c.current {
                    for d in cur.dropped {
                        try record(LogIssue(file: c.file.path, line: d.line, column: nil, reason: .lineTooLong,
                                            detail: "line of at least \(d.bytes) bytes exceeds the \(BlockParser.maxLineLength)-byte limit",
                                            raw: String(decoding: d.prefix, as: UTF8.self) + "…"), wholeRow: true)
                    }
                }
            }
            return true
        }
        func flushIssues(_ c: Cursor, _ cur: LogFile.Block, upTo line: Int) throws {
            let issues = cur.block.issues
            while c.issueIndex < issues.count && issues[c.issueIndex].line <= line {
                try record(issues[c.issueIndex], block: cur.block, firstLine: cur.firstLine, file: c.file)
                c.issueIndex += 1
            }
        }

        // Each tag's latest accepted reading across all files: a second reading of a tag at or
        // before that instant (two overlapping logs, say) is rejected, never double-counted.
        var tagTime = position?.tagTime ?? Array(repeating: -Double.infinity, count: plant.tags.count)
        let singleWide = files.count == 1 && files[0].header.shape == .wide
        var keptTags: [Int32] = [], keptValues: [Double] = []
        var groupTags: [Int32] = position?.groupTags ?? [], groupValues: [Double] = position?.groupValues ?? []
        var groupTime = position?.groupTime ?? -Double.infinity
        // Set when `body` asks to stop: the row in hand is finished first, then the read returns.
        var stop = false
        func flushGroup() throws {
            guard !groupTags.isEmpty else { return }
            try groupTags.withUnsafeBufferPointer { tags in
                try groupValues.withUnsafeBufferPointer { values in if try !body(ReadingRow(time: groupTime, tags: tags, values: values)) { stop = true } }
            }
            groupTags.removeAll(keepingCapacity: true)
            groupValues.removeAll(keepingCapacity: true)
        }
        func deliver(_ row: ReadingRow) throws {
            if row.time != groupTime { try flushGroup(); groupTime = row.time }
            // A wide row of a single file is a whole instant on its own: hand it over directly
            // when nothing else is waiting, without copying.
            if singleWide {
                if try !body(row) { stop = true }
                return
            }
            groupTags.append(contentsOf: row.tags)
            groupValues.append(contentsOf: row.values)
        }
        var live: [Cursor] = []
        if let position {
            precondition(position.files.count == files.count, "a position of another reader")
            for (c, p) in zip(cursors, position.files) {
                guard let p else { continue }
                c.file.seek(to: p.offset, line: p.line)
                c.blocks = c.file.nextBlocks(parallel: parallel && files.count == 1)
                c.issueIndex = p.issueIndex
                c.lastTime = p.lastTime
                if try refill(c) { live.append(c) }
            }
        } else {
            live = try cursors.filter { try refill($0) }
        }
        // The line after each file's last row taken: a block read from there holds what is left of
        // this one (a block read from this one's start might end earlier, blocks being cut by size).
        func here() -> Position {
            Position(files: cursors.map { c in
                guard live.contains(where: { $0 === c }), let cur = c.current else { return nil }
                guard c.row > 0 else { return File(offset: cur.offset, line: cur.firstLine, issueIndex: c.issueIndex, lastTime: c.lastTime) }
                let b = cur.block
                let end = Int(b.rowByteEnd[c.row - 1])
                let next = b.bytes[end...].firstIndex(of: 10).map { $0 + 1 } ?? b.bytes.count
                // The issues counted so far are those up to that row's line: none left before `next`.
                return File(offset: cur.offset + next, line: cur.firstLine + Int(b.rowLine[c.row - 1]) + 1, issueIndex: 0, lastTime: c.lastTime)
            }, tagTime: tagTime, groupTime: groupTime, groupTags: groupTags, groupValues: groupValues)
        }
        while !live.isEmpty {
            // The file whose next row is earliest (files are few: a linear scan beats a heap).
            var pick = 0
            if live.count > 1 {
                for k in 1..<live.count where live[k].current!.block.rowTime[live[k].row] < live[pick].current!.block.rowTime[live[pick].row] { pick = k }
            }
            let c = live[pick]
            let cur = c.current!
            let b = cur.block
            let r = c.row
            let line = Int(b.rowLine[r])
            try flushIssues(c, cur, upTo: line)
            let t = b.rowTime[r]
            let e0 = Int(b.rowEntry[r]), e1 = Int(b.rowEntry[r + 1])
            func rejectRow(_ reason: RejectReason, _ detail: String) throws {
                try record(LogIssue(file: c.file.path, line: cur.firstLine + line, column: 1, reason: reason, detail: detail,
                                    raw: String(decoding: b.bytes[Int(b.rowByteStart[r])..<Int(b.rowByteEnd[r])], as: UTF8.self)), wholeRow: true)
            }
            if t < c.lastTime {
                try rejectRow(.outOfOrder, "\(ISO8601.format(t, offset: plant.utcOffset)) is before the previous row's \(ISO8601.format(c.lastTime, offset: plant.utcOffset))")
            } else if t == c.lastTime && c.file.header.shape == .wide {
                try rejectRow(.duplicateTimestamp, "\(ISO8601.format(t, offset: plant.utcOffset)) repeats the previous row's timestamp")
            } else {
                c.lastTime = t
                // One wide file: its rows' strictly increasing times already rule out a repeat.
                var clash = false
                if !singleWide {
                    for e in e0..<e1 where tagTime[Int(b.entryTag[e])] >= t { clash = true; break }
                }
                if !clash {
                    if !singleWide { for e in e0..<e1 { tagTime[Int(b.entryTag[e])] = t } }
                    try b.entryTag.withUnsafeBufferPointer { tags in
                        try b.entryValue.withUnsafeBufferPointer { values in
                            try deliver(ReadingRow(time: t, tags: UnsafeBufferPointer(rebasing: tags[e0..<e1]), values: UnsafeBufferPointer(rebasing: values[e0..<e1])))
                        }
                    }
                } else {
                    keptTags.removeAll(keepingCapacity: true); keptValues.removeAll(keepingCapacity: true)
                    for e in e0..<e1 {
                        let tag = Int(b.entryTag[e])
                        if tagTime[tag] >= t {
                            try record(LogIssue(file: c.file.path, line: cur.firstLine + line, column: nil, reason: .duplicateTimestamp,
                                                detail: "\(plant.tags.tags[tag].id) already has a reading at or after \(ISO8601.format(t, offset: plant.utcOffset))",
                                                raw: String(decoding: b.bytes[Int(b.rowByteStart[r])..<Int(b.rowByteEnd[r])], as: UTF8.self)),
                                       wholeRow: c.file.header.shape == .long)
                        } else {
                            tagTime[tag] = t
                            keptTags.append(b.entryTag[e]); keptValues.append(b.entryValue[e])
                        }
                    }
                    if !keptTags.isEmpty {
                        try keptTags.withUnsafeBufferPointer { tags in
                            try keptValues.withUnsafeBufferPointer { values in try deliver(ReadingRow(time: t, tags: tags, values: values)) }
                        }
                    }
                }
            }
            c.row += 1
            if stop { return here() }
            if c.row >= b.rowCount {
                if try !refill(c) { live.remove(at: pick) }
            }
        }
        try flushGroup()
        try rejects?.close()
        return nil
    }
}

/// `--rejects FILE`: every rejected row or cell, verbatim, with where and why, as CSV.
final class RejectsWriter {
    private let sink: ByteSink
    private var line: [UInt8] = []

    init(path: String) throws {
        sink = try ByteSink(path: path)
        line.append(contentsOf: "file,line,column,reason,detail,row\n".utf8)
        sink.write(&line)
    }

    func write(_ i: LogIssue) throws {
        for (k, field) in [i.file, String(i.line), i.column.map(String.init) ?? "", i.reason.rawValue, i.detail, i.raw].enumerated() {
            if k > 0 { line.append(44) }
            line.append(34)
            for b in field.utf8 { if b == 34 { line.append(34) }; line.append(b) }
            line.append(34)
        }
        line.append(10)
        sink.write(&line)
    }

    func close() throws { sink.flush() }
}
