/// `--record FILE`: every reading received, written as the wide log `replay` and `report` read,
/// flushed at least once a second. Only whole rows are ever written, so after a kill -9 the file
/// replays cleanly up to its last row.
///
/// A recording loses nothing: onto an existing recording of the same plant (the same header) it
/// appends, after cutting off a row a kill left half-written, and writes no row at or before the
/// last one the file holds; onto any other file it refuses, unless told to start a new file (the
/// old one is then moved aside, never overwritten). With rotation the current file is closed and
/// renamed after its first row's day (`rec-2019-07-16.csv`) or time (`rec-2019-07-16T120000.csv`),
/// so that each file replays alone and all of them together.
public final class Recorder {
    public enum Rotation: Equatable, Sendable {
        case none
        /// A file per day of the plant's local time.
        case daily
        /// A new file once the current one has reached this many bytes (checked at each flush).
        case size(Int)

        /// `daily`, or a size: `500k`, `10M`, `1G`, or bytes.
        public static func parse(_ text: String) -> Rotation? {
            if text == "daily" { return .daily }
            let units: [Character: Int] = ["k": 1 << 10, "K": 1 << 10, "m": 1 << 20, "M": 1 << 20, "g": 1 << 30, "G": 1 << 30]
            var digits = Substring(text)
            var scale = 1
            if let u = text.last, let s = units[u] { scale = s; digits = digits.dropLast() }
            guard let n = Int(digits), n > 0, n <= Int.max / scale, n * scale >= 4096 else { return nil }
            return .size(n * scale)
        }
    }

    public let path: String
    private let plant: PlantDefinition
    private let rotation: Rotation
    private let header: String
    private var writer: CSVLogWriter
    private var row: [Double]
    private var lastFlush = -Double.infinity
    /// The current file's first row, and the newest row any file of this recording holds.
    private var firstTime: Double?
    private var lastTime: Double?
    public private(set) var rows = 0
    /// Rows not written because the recording already reaches their instant (a source read again):
    /// a recording stays in time order, so that it replays.
    public private(set) var skipped = 0
    private var skippedUpTo = -Double.infinity
    private var notices: [String] = []
    private(set) var rotatedFiles: [String] = []

    public init(path: String, plant: PlantDefinition, rotation: Rotation = .none, startNew: Bool = false) throws {
        self.path = path
        self.plant = plant
        self.rotation = rotation
        header = CSVLogWriter.header(plant.tags, format: .wide)
        row = Array(repeating: .nan, count: plant.tags.count)
        var append = false
        if let existing = try Recorder.inspect(path, plant: plant) {
            if startNew {
                let aside = Recorder.freeName(path, suffix: "old-" + Recorder.compact(Recorder.wallSeconds(), offset: 0) + "Z")
                guard rename(path, aside) == 0 else {
                    throw LogError(file: path, line: 0, message: "cannot move the old file aside to \(aside): \(String(cString: strerror(errno)))")
                }
                notices.append("moved the old \(path) to \(aside); recording to a new file")
            } else if existing.header != header {
                throw LogError(file: path, line: 1, message: "holds another log (header '\(Sanitize.line(existing.header, limit: 60))'), not a recording of \(plant.id): "
                               + "refusing to append to it or overwrite it; give --record-new to move it aside and start a new file, or record elsewhere")
            } else {
                if existing.torn > 0 {
                    guard truncate(path, off_t(existing.size - existing.torn)) == 0 else {
                        throw LogError(file: path, line: 0, message: "cannot remove the half-written last row: \(String(cString: strerror(errno)))")
                    }
                    notices.append("\(path): removed a half-written last row (\(existing.torn) bytes) before appending")
                }
                firstTime = existing.first
                lastTime = existing.last
                append = true
                notices.append("appending to \(path)" + (existing.last.map { " after its last row at " + ISO8601.format($0, offset: plant.utcOffset) } ?? ""))
            }
        }
        writer = CSVLogWriter(registry: plant.tags, format: .wide, utcOffset: plant.utcOffset, sink: try ByteSink(path: path, append: append))
        if !append { writer.writeHeader() }
        writer.finish()
    }

    /// What an existing file holds: its header, first and last row times, and the length of a
    /// half-written last row. nil when there is no file or it is empty.
    static func inspect(_ path: String, plant: PlantDefinition) throws -> (header: String, first: Double?, last: Double?, torn: Int, size: Int)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw LogError(file: path, line: 0, message: "is not a regular file: refusing to record onto it") }
        let size = Int(st.st_size)
        guard size > 0 else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw LogError(file: path, line: 0, message: "cannot read it to append: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        func read(_ from: Int, _ count: Int) -> [UInt8] {
            var b = [UInt8](repeating: 0, count: count)
            let n = b.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, off_t(from)) }
            return Array(b.prefix(max(0, n)))
        }
        let head = read(0, min(size, 1 << 16))
        let lines = head.split(separator: 10, maxSplits: 2, omittingEmptySubsequences: false)
        func text(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self).trimmingCharacters(in: "\r") }
        let headerText = text(lines[0])
        let tailBytes = read(max(0, size - (1 << 16)), min(size, 1 << 16))
        var end = tailBytes.count
        var torn = 0
        if tailBytes.last != 10 {
            let cut = tailBytes.lastIndex(of: 10).map { $0 + 1 } ?? 0
            torn = tailBytes.count - cut
            end = cut
        }
        func time(_ line: ArraySlice<UInt8>) -> Double? {
            guard let cell = text(line).split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first else { return nil }
            return ISO8601.parse(String(cell), defaultOffset: plant.utcOffset)
        }
        // The header alone (or with only a torn row) holds no row yet.
        let body = end > 0 ? tailBytes[..<(end - 1)] : []
        let lastLine = body.lastIndex(of: 10).map { body[($0 + 1)...] } ?? body
        let hasRow = size - torn > head.prefix { $0 != 10 }.count + 1
        return (headerText, hasRow && lines.count > 1 ? time(lines[1]) : nil, hasRow ? time(lastLine) : nil, torn, size)
    }

    public func record(_ reading: ReadingRow) {
        let time = reading.time
        if let last = lastTime, time <= last {
            skipped += 1
            skippedUpTo = max(skippedUpTo, last)
            return
        }
        if rotation == .daily, let first = firstTime, Recorder.day(first, plant.utcOffset) != Recorder.day(time, plant.utcOffset) { rotate() }
        for i in row.indices { row[i] = .nan }
        for k in 0..<reading.count where !reading.values[k].isNaN { row[Int(reading.tags[k])] = reading.values[k] }
        writer.write(time: time, values: row)
        if firstTime == nil { firstTime = time }
        lastTime = time
        rows += 1
    }

    /// Hands everything written so far to the kernel; call at least once a second
    /// (`now: .infinity` forces it).
    public func flush(now: Double) {
        guard now == .infinity || now - lastFlush >= 1 else { return }
        writer.finish()
        if now.isFinite { lastFlush = now }
        if case .size(let limit) = rotation, firstTime != nil {
            var st = stat()
            if stat(path, &st) == 0, Int(st.st_size) >= limit { rotate() }
        }
    }

    /// Closes the current file under its first row's name and starts a new one at `path`.
    private func rotate() {
        guard let first = firstTime else { return }
        writer.finish()
        let stamp = rotation == .daily ? String(ISO8601.format(first, offset: plant.utcOffset).prefix(10)) : Recorder.compact(first, offset: plant.utcOffset)
        let target = Recorder.freeName(path, suffix: stamp)
        guard rename(path, target) == 0 else {
            notices.append("cannot rotate \(path) to \(target): \(String(cString: strerror(errno))); going on in the same file")
            return
        }
        rotatedFiles.append(target)
        firstTime = nil
        do {
            writer = CSVLogWriter(registry: plant.tags, format: .wide, utcOffset: plant.utcOffset, sink: try ByteSink(path: path))
            writer.writeHeader()
            writer.finish()
        } catch {
            notices.append("cannot start a new recording file: \(error)")
        }
    }

    /// A write error (a full disk), if any.
    public var failure: String? { writer.failure.map { "recording to \(path): \($0)" } }

    /// Messages for the operator since the last call (appending, repairs, rotations that failed).
    public func takeNotices() -> [String] {
        if skipped > 0 {
            notices.append("\(path) already reaches \(ISO8601.format(skippedUpTo, offset: plant.utcOffset)): \(skipped) rows at or before that not written (again)")
            skipped = 0
        }
        defer { notices = [] }
        return notices
    }

    static func day(_ t: Double, _ offset: Int) -> Int { Int(((t + Double(offset)) / 86_400).rounded(.down)) }

    /// "2019-07-16T120000": an ISO instant without the characters file names do badly with.
    static func compact(_ t: Double, offset: Int) -> String {
        String(ISO8601.format(t, offset: offset).prefix(19).filter { $0 != ":" })
    }

    /// `rec.csv` + suffix → `rec-SUFFIX.csv`, or `rec-SUFFIX-2.csv` … if that exists.
    static func freeName(_ path: String, suffix: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let dot = path[slash...].lastIndex(of: ".").flatMap { $0 == slash ? nil : $0 } ?? path.endIndex
        let stem = path[..<dot], ext = path[dot...]
        var candidate = "\(stem)-\(suffix)\(ext)"
        var n = 2
        while access(candidate, F_OK) == 0 {
            candidate = "\(stem)-\(suffix)-\(n)\(ext)"
            n += 1
        }
        return candidate
    }

    static func wallSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec)
    }

    deinit { writer.finish() }
}
