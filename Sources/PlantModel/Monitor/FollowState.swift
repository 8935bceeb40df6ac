import FoundationEssentials

/// Where a followed log was left: enough for the next run to go on from the next row, neither
/// reading a row twice nor skipping one, and to tell that the file is no longer the one it read
/// (rotated: another inode; truncated or rewritten: shorter, or other bytes before the offset).
public struct FollowPosition: Codable, Sendable, Equatable {
    public var device: UInt64
    var inode: UInt64
    /// Bytes of whole lines consumed (a half-written last line is read again next time).
    public var offset: Int
    /// Lines consumed, for the file:line of later problems.
    public var line: Int
    /// Up to 64 bytes before `offset`, hex: the same file still holds them there.
    public var tail: String
    /// Per tag: its last reading's time (the log's clock), so that staleness and the
    /// out-of-order check go on across the restart.
    var lastTimes: [String: Double]
    /// The plant's clock minus the host's (SourceClock), so that a resumed run starts on the
    /// log's clock before its first new row.
    public var clockOffset: Double?

    enum CodingKeys: String, CodingKey {
        case device, inode, offset, line, tail
        case lastTimes = "last_times"
        case clockOffset = "clock_offset"
    }

    public init(device: UInt64, inode: UInt64, offset: Int, line: Int, tail: [UInt8], lastTimes: [String: Double], clockOffset: Double?) {
        self.device = device; self.inode = inode; self.offset = offset; self.line = line
        let digits = Array("0123456789abcdef".utf8)
        self.tail = String(decoding: tail.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
        self.lastTimes = lastTimes; self.clockOffset = clockOffset
    }

    var tailBytes: [UInt8] {
        var out: [UInt8] = []
        var i = tail.startIndex
        while i < tail.endIndex, let j = tail.index(i, offsetBy: 2, limitedBy: tail.endIndex), let b = UInt8(tail[i..<j], radix: 16) {
            out.append(b)
            i = j
        }
        return out
    }
}

/// The resume state of followed logs, a small JSON file beside the alarm journal
/// (`alarms.jsonl` → `alarms.jsonl.follow.json`), one entry per followed file's absolute path.
/// Written whole to a temporary file and renamed over the old one, so that a kill leaves the old
/// state or the new, never half of one.
public struct FollowStateFile {
    public let path: String

    public init(journalPath: String) { path = journalPath + ".follow.json" }

    struct Content: Codable {
        var version = 1
        var sources: [String: FollowPosition] = [:]
    }

    /// The saved position of `followed`; a state file that does not decode is an error that names it.
    public func position(of followed: String) throws -> FollowPosition? {
        guard access(path, F_OK) == 0 else { return nil }
        return try load().sources[FollowStateFile.key(followed)]
    }

    private func load() throws -> Content {
        let bytes = try ChunkReader.readAll(path)
        do { return try JSONDecoder().decode(Content.self, from: Data(bytes)) } catch {
            throw LogError(file: path, line: 0, message: "not a follow-state file (\(Sanitize.line(String(describing: error), limit: 160))); move it aside to start the followed log from its beginning")
        }
    }

    /// Saves `position` for `followed`; returns the error text when it could not.
    @discardableResult
    public func save(_ position: FollowPosition, of followed: String) -> String? {
        var content = (try? load()) ?? Content()
        content.sources[FollowStateFile.key(followed)] = position
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(content) else { return "cannot encode the follow state" }
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        defer { Glibc.close(fd) }
        let ok = data.withUnsafeBytes { b in Glibc.write(fd, b.baseAddress!, b.count) == b.count }
        guard ok, rename(tmp, path) == 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        return nil
    }

    /// Absolute, so that runs from other directories find the same entry.
    static func key(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buf, buf.count) != nil else { return path }
        return String(cString: buf) + "/" + path
    }
}
