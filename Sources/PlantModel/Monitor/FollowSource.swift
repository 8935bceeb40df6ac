/// A CSV log that another program keeps appending to, read as `tail -f` would: new complete lines
/// as they arrive, a half-written last line held back until its newline comes, and the file
/// reopened from the start when it is truncated or replaced (log rotation). Given the position a
/// previous run saved (FollowStateFile), it goes on from the next row of the same file.
public final class FollowSource: ReadingSource {
    public let path: String
    public let plant: PlantDefinition
    public var label: String { "following " + (path.split(separator: "/").last.map(String.init) ?? path) }
    public private(set) var startTime: Double
    public var endTime: Double? { nil }
    public var nextTime: Double? { nil }
    public private(set) var tally = RejectTally()
    private(set) var reopenCount = 0
    /// What the operator should hear about once (a resume, a file that changed between runs).
    public private(set) var notices: [String] = []

    private var fd: Int32 = -1
    private var inode: UInt64 = 0
    private var device: UInt64 = 0
    private var offset = 0
    private var pending: [UInt8] = []
    private var parser: BlockParser?
    private var lineNumber = 0
    private var lastTagTime: [Double]
    private var tags: [Int32] = []
    private var values: [Double] = []

    public init(path: String, plant: PlantDefinition, now: Double, resume: FollowPosition? = nil) {
        self.path = path
        self.plant = plant
        startTime = now
        lastTagTime = Array(repeating: -.infinity, count: plant.tags.count)
        reopen()
        if let resume { self.resume(resume) }
    }

    /// Goes on where a previous run stopped, if the file is still the one it read.
    private func resume(_ p: FollowPosition) {
        let name = Sanitize.line(path)
        guard fd >= 0 else { return }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return }
        let tail = p.tailBytes
        var found = [UInt8](repeating: 0, count: tail.count)
        let n = found.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(p.offset - tail.count)) }
        if UInt64(st.st_ino) != p.inode || UInt64(st.st_dev) != p.device {
            notices.append("\(name) was replaced since the last run (rotated): reading the new file from its start")
            return
        }
        if Int(st.st_size) < p.offset || p.offset < tail.count || n != tail.count || found != tail {
            notices.append("\(name) was truncated or rewritten since the last run: reading it from its start")
            return
        }
        // The header, from the start of the file; then on from the saved offset.
        var head = [UInt8](repeating: 0, count: min(p.offset, 1 << 20))
        let r = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        if r == head.count, let nl = head.lastIndex(of: 10) {
            var lines = Array(head[...nl])
            takeHeader(&lines)
        }
        guard parser != nil else {
            notices.append("\(name): no header in its first MiB: reading it from its start")
            lineNumber = 0
            return
        }
        offset = p.offset
        lineNumber = p.line
        for (id, t) in p.lastTimes { if let i = plant.tags.index(of: id) { lastTagTime[i] = t } }
        notices.append("resumed \(name) at line \(p.line + 1)")
    }

    /// Where this run has got to, for the next one.
    public func position(clockOffset: Double?) -> FollowPosition? {
        guard fd >= 0, parser != nil else { return nil }
        let consumed = offset - pending.count
        var tail = [UInt8](repeating: 0, count: min(64, consumed))
        let n = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(consumed - $0.count)) }
        guard n == tail.count else { return nil }
        var times: [String: Double] = [:]
        for i in lastTagTime.indices where lastTagTime[i].isFinite { times[plant.tags.tags[i].id] = lastTagTime[i] }
        return FollowPosition(device: device, inode: inode, offset: consumed, line: lineNumber, tail: tail, lastTimes: times, clockOffset: clockOffset)
    }

    /// Each tag's last reading time (the log's clock), by tag index; -infinity: none yet.
    public var lastReadingTimes: [Double] { lastTagTime }

    public func takeNotices() -> [String] {
        defer { notices = [] }
        return notices
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    private func reopen() {
        if fd >= 0 { Glibc.close(fd) }
        fd = open(path, O_RDONLY)
        offset = 0
        pending = []
        parser = nil
        lineNumber = 0
        var st = stat()
        if fd >= 0 && fstat(fd, &st) == 0 { inode = UInt64(st.st_ino); device = UInt64(st.st_dev) }
    }

    /// Notices truncation (the file shrank below what was read) and rotation (the path now names
    /// another file).
    private func checkRotation() {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        if fd < 0 || UInt64(st.st_ino) != inode || UInt64(st.st_dev) != device || Int(st.st_size) < offset {
            reopenCount += fd >= 0 ? 1 : 0
            reopen()
        }
    }

    /// Reads whatever has been appended; returns complete lines (the header is consumed here).
    private func readNew() -> [UInt8] {
        checkRotation()
        guard fd >= 0 else { return [] }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
            if n <= 0 { break }
            pending.append(contentsOf: buf[0..<n])
            offset += n
            if pending.count > 8 << 20 { break }
        }
        guard let lastNL = pending.lastIndex(of: 10) else { return [] }
        var lines = Array(pending[...lastNL])
        pending.removeFirst(lastNL + 1)
        if parser == nil { takeHeader(&lines) }
        return parser == nil ? [] : lines
    }

    /// Consumes lines up to the header (the first line that is neither blank nor a comment) and
    /// makes the parser from it.
    private func takeHeader(_ lines: inout [UInt8]) {
        while let nl = lines.firstIndex(of: 10) {
            let line = String(decoding: lines[..<nl], as: UTF8.self).trimmingCharacters(in: "\r")
            lines.removeFirst(nl + 1)
            lineNumber += 1
            let t = line.trimmed
            if t.isEmpty || t.hasPrefix("#") { continue }
            let cells = t.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
            guard var header = try? LogHeader(cells: cells) else {
                tally.add(LogIssue(file: path, line: lineNumber, column: 1, reason: .wrongColumnCount, detail: "not a log header", raw: line), wholeRow: true)
                continue
            }
            header.bind(to: plant.tags)
            parser = BlockParser(header: header, registry: plant.tags, utcOffset: plant.utcOffset, markBad: true)
            break
        }
    }

    public func advance(to t: Double, limit: Int, _ body: (ReadingRow) -> Void) -> Int {
        let bytes = readNew()
        guard !bytes.isEmpty, let parser else { return 0 }
        let block = parser.parse(bytes, atEOF: false)
        for i in block.issues {
            tally.add(LogIssue(file: path, line: lineNumber + i.line + 1, column: i.column, reason: i.reason, detail: i.detail,
                               raw: String(decoding: bytes[i.byteStart..<i.byteEnd], as: UTF8.self)), wholeRow: i.wholeRow)
        }
        var delivered = 0
        for r in 0..<block.rowCount {
            let time = block.rowTime[r]
            tags.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            for e in Int(block.rowEntry[r])..<Int(block.rowEntry[r + 1]) {
                let tag = Int(block.entryTag[e])
                // Each tag's readings must move forward in time; a repeat or a step back is rejected.
                if time <= lastTagTime[tag] {
                    tally.add(LogIssue(file: path, line: lineNumber + Int(block.rowLine[r]) + 1, column: nil, reason: .outOfOrder,
                                       detail: "\(plant.tags.tags[tag].id) at or before its previous reading", raw: ""), wholeRow: false)
                    continue
                }
                lastTagTime[tag] = time
                tags.append(Int32(tag))
                values.append(block.entryValue[e])
            }
            if !tags.isEmpty {
                ReadingRow.with(time: time, tags: tags, values: values, body)
                delivered += 1
            }
        }
        lineNumber += block.lineCount
        return delivered
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
