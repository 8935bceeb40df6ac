/// A block of a log's lines, parsed: rows with their readings, and the cells and rows that
/// were rejected. Produced in parallel, consumed in file order.
final class ParsedBlock: @unchecked Sendable {
    struct Issue: Sendable {
        public var line: Int           // 0-based within the block until the consumer rebases it
        public var column: Int?
        public var reason: RejectReason
        public var detail: String
        var byteStart: Int
        var byteEnd: Int
        var wholeRow: Bool
    }

    /// The block's bytes, kept so that rejected rows can be written verbatim.
    public let bytes: [UInt8]
    let lineCount: Int
    let rowTime: [Double]
    let rowLine: [Int32]
    let rowByteStart: [Int32]
    let rowByteEnd: [Int32]
    /// Entries of row r are entryTag/entryValue[rowEntry[r] ..< rowEntry[r + 1]].
    let rowEntry: [Int32]
    let entryTag: [Int32]
    let entryValue: [Double]
    let issues: [Issue]

    /// What a parser builds up; values, not class properties, so that appends in the hot loop
    /// need no dynamic exclusivity checks.
    struct Builder {
        var lineCount = 0
        var rowTime: [Double] = []
        var rowLine: [Int32] = []
        var rowByteStart: [Int32] = []
        var rowByteEnd: [Int32] = []
        var rowEntry: [Int32] = [0]
        var entryTag: [Int32] = []
        var entryValue: [Double] = []
        var issues: [Issue] = []
    }

    init(bytes: [UInt8], _ b: Builder) {
        self.bytes = bytes
        lineCount = b.lineCount
        rowTime = b.rowTime; rowLine = b.rowLine; rowByteStart = b.rowByteStart; rowByteEnd = b.rowByteEnd
        rowEntry = b.rowEntry; entryTag = b.entryTag; entryValue = b.entryValue; issues = b.issues
    }

    var rowCount: Int { rowTime.count }

    public func raw(_ start: Int, _ end: Int) -> String {
        bytes.withUnsafeBufferPointer { Sanitize.bytes(UnsafeBufferPointer(rebasing: $0[start..<end]), limit: 100_000) }
    }
}

/// Byte-keyed lookup of tag ids for long logs, so that no String is built per row.
struct TagLookup: Sendable {
    private var table: [UInt64: [(bytes: [UInt8], index: Int)]] = [:]

    init(_ registry: TagRegistry) {
        // A long log names a tag by its id or one of its column aliases (exact bytes: the hot path
        // does no case folding; wide headers, read once, also match ignoring case).
        for (i, t) in registry.tags.enumerated() {
            for name in [t.id] + t.columns {
                let b = Array(name.utf8)
                table[TagLookup.hash(b.withUnsafeBufferPointer { $0.baseAddress! }, b.count), default: []].append((b, i))
            }
        }
    }

    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x100_0000_01b3 }
        return h
    }

    func index(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        guard let bucket = table[TagLookup.hash(p, n)] else { return nil }
        for (b, i) in bucket where b.count == n {
            var same = true
            for k in 0..<n where b[k] != p[k] { same = false; break }
            if same { return i }
        }
        return nil
    }
}
