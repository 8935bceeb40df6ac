import FoundationEssentials

/// The alarm journal: append-only JSON lines, one per event, each written with write(2) as it
/// happens, so that a crash or kill -9 loses nothing already reported. Reopening the same
/// journal restores acknowledgements, shelving and history.
public final class AlarmJournal {
    public let path: String
    private let fd: Int32
    private let encoder = JSONEncoder()

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw LogError(file: path, line: 0, message: "cannot open alarm journal: \(String(cString: strerror(errno)))") }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    deinit { Glibc.close(fd) }

    public func append(_ e: AlarmEvent) {
        guard var data = try? encoder.encode(e) else { return }
        data.append(10)
        data.withUnsafeBytes { b in
            var off = 0
            while off < b.count {
                let r = Glibc.write(fd, b.baseAddress! + off, b.count - off)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { return }
                off += r
            }
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
