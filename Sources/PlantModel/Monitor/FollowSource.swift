/// A CSV log that another program keeps appending to, read as `tail -f` would: new complete lines
/// as they arrive, a half-written last line held back until its newline comes, and the file
/// reopened from the start when it is truncated or replaced (log rotation).
public final class FollowSource: ReadingSource {
    public let path: String
    public let plant: PlantDefinition
    public var label: String { "following " + (path.split(separator: "/").last.map(String.init) ?? path) }
    public private(set) var startTime: Double
    public var endTime: Double? { nil }
    public var nextTime: Double? { nil }
    public private(set) var tally = RejectTally()
    public private(set) var reopenCount = 0

    private var fd: Int32 = -1
    private var inode: UInt64 = 0
    private var offset = 0
    private var pending: [UInt8] = []
    private var parser: BlockParser?
    private var lineNumber = 0
    private var lastTagTime: [Double]
    private var tags: [Int32] = []
    private var values: [Double] = []

    public init(path: String, plant: PlantDefinition, now: Double) {
        self.path = path
        self.plant = plant
        startTime = now
        lastTagTime = Array(repeating: -.infinity, count: plant.tags.count)
        reopen()
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
        if fd >= 0 && fstat(fd, &st) == 0 { inode = UInt64(st.st_ino) }
    }

    /// Notices truncation (the file shrank below what was read) and rotation (the path now names
    /// another file).
    private func checkRotation() {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        if fd < 0 || UInt64(st.st_ino) != inode || Int(st.st_size) < offset {
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
        if parser == nil {
            // The header: the first line that is neither blank nor a comment.
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
        return parser == nil ? [] : lines
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
