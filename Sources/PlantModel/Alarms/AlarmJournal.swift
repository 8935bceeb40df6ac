import FoundationEssentials

/// The alarm journal: append-only JSON lines, one per event, each written with write(2) as it
/// happens, so that a crash or kill -9 loses nothing already reported. Reopening the same
/// journal restores acknowledgements, shelving and history. A last line torn by a kill is
/// repaired before the first append, so that it is never glued to the next event.
public final class AlarmJournal {
    public let path: String
    private let fd: Int32
    private let encoder = JSONEncoder()
    /// What opening had to repair ("removed a half-written last line …"), for the operator.
    public private(set) var repair: String?
    /// The last write error (a full disk, a removed directory), until `takeFailure()`.
    public private(set) var failure: String?

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw LogError(file: path, line: 0, message: "cannot open alarm journal: \(String(cString: strerror(errno)))") }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        repair = try AlarmJournal.repairTornEnd(fd: fd, path: path)
    }

    /// A journal whose last byte is not a newline was cut short mid-write. A tail that still
    /// decodes as an event only lacks its newline and gets one; anything else is no event and is
    /// cut off (reported, with its length), so the next append starts on a line of its own.
    static func repairTornEnd(fd: Int32, path: String) throws -> String? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(size - 1)) == 1, last != 10 else { return nil }
        // Back to the last newline, reading at most the journal's last 1 MiB.
        let window = min(size, 1 << 20)
        var tail = [UInt8](repeating: 0, count: window)
        let n = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, window, off_t(size - window)) }
        guard n == window else { return nil }
        let start = tail.lastIndex(of: 10).map { $0 + 1 } ?? 0
        let torn = Array(tail[start...])
        if (try? JSONDecoder().decode(AlarmEvent.self, from: Data(torn))) != nil {
            var nl: UInt8 = 10
            guard Glibc.write(fd, &nl, 1) == 1 else {
                throw LogError(file: path, line: 0, message: "cannot end the journal's last line: \(String(cString: strerror(errno)))")
            }
            return nil
        }
        guard ftruncate(fd, off_t(size - torn.count)) == 0 else {
            throw LogError(file: path, line: 0, message: "cannot remove the half-written last line: \(String(cString: strerror(errno)))")
        }
        return "\(path): removed a half-written last line (\(torn.count) bytes: \(Sanitize.line(String(decoding: torn.prefix(60), as: UTF8.self))))"
    }

    /// The write error since the last call, if any.
    public func takeFailure() -> String? {
        defer { failure = nil }
        return failure
    }

    deinit { Glibc.close(fd) }

    /// Writes one event; false (and `failure` set) when it could not be written whole.
    @discardableResult
    public func append(_ e: AlarmEvent) -> Bool {
        guard var data = try? encoder.encode(e) else { failure = "cannot encode an event of \(e.alarm)"; return false }
        data.append(10)
        return data.withUnsafeBytes { b in
            var off = 0
            while off < b.count {
                let r = Glibc.write(fd, b.baseAddress! + off, b.count - off)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 {
                    failure = "cannot write to the alarm journal \(path): \(r < 0 ? String(cString: strerror(errno)) : "nothing written")"
                    // A partial line would be glued to the next event: end it, so it reads as one bad line.
                    if off > 0 { var nl: UInt8 = 10; _ = Glibc.write(fd, &nl, 1) }
                    return false
                }
                off += r
            }
            return true
        }
    }

    /// Reads a journal. A line that does not decode (the half-written last line of a crash, say)
    /// is skipped and reported, never fatal.
    public static func read(path: String) throws -> (events: [AlarmEvent], problems: [LogIssue]) {
        let bytes = try ChunkReader.readAll(path)
        let decoder = JSONDecoder()
        var events: [AlarmEvent] = [], problems: [LogIssue] = []
        var line = 0
        for raw in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            line += 1
            if raw.isEmpty { continue }
            do {
                events.append(try decoder.decode(AlarmEvent.self, from: Data(raw)))
            } catch {
                problems.append(LogIssue(file: path, line: line, column: nil, reason: .nonNumeric, detail: "not an alarm event (a partial line?)",
                                         raw: String(decoding: raw, as: UTF8.self)))
            }
        }
        return (events, problems)
    }
}
