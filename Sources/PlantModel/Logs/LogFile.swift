import Dispatch

/// One log file: its header, and its lines as parsed blocks in file order.
/// Unchecked Sendable: its reading state is touched by one thread at a time (the worker reading
/// the one batch in flight, or the caller between batches), ordered by the batch's DispatchGroup.
public final class LogFile: @unchecked Sendable {
    /// Bytes read per block. 128 KiB keeps a block and its parsed rows in a core's L2 cache while
    /// the consumer works through them: on a year of minute data, 0.22 s and 27 MB against 0.24 s
    /// and 32 MB with 512 KiB blocks (Scripts/bench-report.sh). Twice the longest line accepted.
    static let defaultBlockSize = 2 * BlockParser.maxLineLength
    /// This file's block size (tests vary it: results must not depend on where blocks end).
    let blockSize: Int
    public let path: String
    public private(set) var header: LogHeader
    let headerLine: Int
    private let chunks: ChunkReader
    private var pending: [UInt8]
    /// Where `pending` begins in the file.
    private var pendingOffset: Int
    /// Where the first line after the header begins, and its line number: where reading starts.
    let dataStart: (offset: Int, line: Int)
    private var pendingDropped: [(bytes: Int, prefix: [UInt8])] = []
    private var parser: BlockParser?
    /// Lines before the first block still to be parsed (header and anything above it).
    private(set) var nextLine: Int
    public var size: Int { chunks.size }
    /// Bytes read so far (of the blocks handed out, when parsing in parallel).
    var bytesRead: Int { started ? consumedBytes : chunks.bytesRead }

    public convenience init(path: String) throws { try self.init(path: path, blockSize: LogFile.defaultBlockSize) }

    init(path: String, blockSize: Int) throws {
        self.path = path
        self.blockSize = blockSize
        chunks = try ChunkReader(path: path)
        var first = chunks.next(blockSize: blockSize)?.bytes ?? []
        var firstOffset = 0
        // A UTF-8 byte-order mark, as spreadsheet exports write.
        if first.count >= 3 && first[0] == 0xEF && first[1] == 0xBB && first[2] == 0xBF { first.removeFirst(3); firstOffset = 3 }
        // The header is the first line that is neither blank nor a comment.
        var line = 0, start = 0
        var headerCells: [String]?
        while start < first.count {
            let end = first[start...].firstIndex(of: 10) ?? first.count
            var contentEnd = end
            if contentEnd > start && first[contentEnd - 1] == 13 { contentEnd -= 1 }
            line += 1
            let content = first[start..<contentEnd]
            let trimmed = content.drop { $0 == 32 || $0 == 9 }
            if !trimmed.isEmpty && trimmed.first != 35 {
                guard content.count <= BlockParser.maxLineLength, UTF8Check.isValid(Array(content), content.count) else {
                    throw LogError(file: path, line: line, message: "the header line is not valid UTF-8 text")
                }
                var f = CSVFields()
                let bytes = Array(content)
                bytes.withUnsafeBufferPointer { f.split($0.baseAddress!, bytes.count) }
                headerCells = (0..<f.count).map { k in
                    if f.usesScratch { return String(decoding: f.scratch[f.starts[k]..<f.ends[k]], as: UTF8.self) }
                    return String(decoding: bytes[f.starts[k]..<f.ends[k]], as: UTF8.self)
                }
                start = end + 1
                break
            }
            start = end + 1
        }
        guard let cells = headerCells else { throw LogError(file: path, line: 0, message: "the file is empty: no header line") }
        do {
            header = try LogHeader(cells: cells)
        } catch let e as LogHeader.HeaderError {
            throw LogError(file: path, line: line, message: e.description)
        }
        headerLine = line
        nextLine = line + 1
        pending = start < first.count ? Array(first[start...]) : []
        pendingOffset = firstOffset + min(start, first.count)
        dataStart = (pendingOffset, nextLine)
    }

    /// Continues at `offset`, the start of line number `line` (a block's, from `nextBlocks`):
    /// what is read next is parsed as if the file had been read up to there.
    func seek(to offset: Int, line: Int) {
        // The batch in flight reads this file's state: let it finish, then drop it.
        inflight?.done.wait()
        inflight = nil
        started = false
        consumedBytes = offset
        chunks.seek(to: offset)
        pending = []
        pendingDropped = []
        pendingOffset = offset
        nextLine = line
    }

    /// Binds the header to a plant. Must precede `blocks`.
    public func bind(to plant: PlantDefinition, keep: [Bool]? = nil, markBad: Bool = false) {
        if parser == nil { header.bind(to: plant.tags) }
        parser = BlockParser(header: header, registry: plant.tags, utcOffset: plant.utcOffset, keep: keep, markBad: markBad)
    }

    typealias Raw = (bytes: [UInt8], atEOF: Bool, dropped: [(bytes: Int, prefix: [UInt8])], offset: Int)
    /// A parsed block, the line number of its first line and its file offset (where reading can
    /// resume), after any over-long lines dropped before it.
    typealias Block = (block: ParsedBlock, firstLine: Int, dropped: [(line: Int, bytes: Int, prefix: [UInt8])], offset: Int)

    final class Batch: @unchecked Sendable {
        var raw: [Raw] = []
        var blocks: [ParsedBlock?] = []
        /// The file's bytes read once this batch was read (progress).
        var bytesRead = 0
        let done = DispatchGroup()
    }
    private var inflight: Batch?
    private var started = false
    private var consumedBytes = 0

    /// Reads up to `count` raw blocks; only the file's very last one may end without a newline.
    private func readRaw(_ count: Int) -> [Raw] {
        var raw: [Raw] = []
        while raw.count < count {
            if !pending.isEmpty || !pendingDropped.isEmpty {
                raw.append((pending, false, pendingDropped, pendingOffset))
                pending = []
                pendingDropped = []
                continue
            }
            guard let c = chunks.next(blockSize: blockSize) else { break }
            raw.append((c.bytes, false, c.droppedBefore, c.offset))
        }
        if chunks.atEOF, let last = raw.indices.last {
            raw[last].atEOF = raw[last].bytes.last != 10
        }
        return raw
    }

    /// Starts reading and parsing the next two blocks on other threads while the caller consumes
    /// the current ones. Only one batch is ever in flight, so the reader's state has one user at a time.
    private func startBatch() {
        guard let parser else { return }
        let batch = Batch()
        batch.done.enter()
        DispatchQueue.global().async { [self] in
            batch.raw = readRaw(2)
            batch.bytesRead = chunks.bytesRead
            batch.blocks = Array(repeating: nil, count: batch.raw.count)
            DispatchQueue.concurrentPerform(iterations: batch.raw.count) { k in
                let b = parser.parse(batch.raw[k].bytes, atEOF: batch.raw[k].atEOF)
                objc_sync(batch) { batch.blocks[k] = b }
            }
            batch.done.leave()
        }
        inflight = batch
    }

    private func number(_ raw: [Raw], _ parsed: [ParsedBlock]) -> [Block] {
        var out: [Block] = []
        for k in raw.indices {
            var dropped: [(line: Int, bytes: Int, prefix: [UInt8])] = []
            for d in raw[k].dropped {
                dropped.append((nextLine, d.bytes, d.prefix))
                nextLine += 1
            }
            out.append((parsed[k], nextLine, dropped, raw[k].offset))
            nextLine += parsed[k].lineCount
        }
        return out
    }

    /// The next parsed blocks in file order, each with the absolute line number of its first
    /// line; empty at the end. With `parallel`, the following blocks are parsed on both cores
    /// while the caller works through these.
    func nextBlocks(parallel: Bool) -> [Block] {
        guard let parser else { preconditionFailure("bind(to:) first") }
        guard parallel else {
            let raw = readRaw(1)
            return number(raw, raw.map { parser.parse($0.bytes, atEOF: $0.atEOF) })
        }
        if !started { started = true; startBatch() }
        guard let batch = inflight else { return [] }
        batch.done.wait()
        guard !batch.raw.isEmpty else { inflight = nil; return [] }
        consumedBytes = batch.bytesRead
        let out = number(batch.raw, batch.blocks.map { $0! })
        startBatch()
        return out
    }
}

/// A lock around a closure, for the few writes worker threads share.
private let batchLock = DispatchSemaphore(value: 1)
@inline(__always) private func objc_sync(_ o: AnyObject, _ body: () -> Void) {
    batchLock.wait()
    body()
    batchLock.signal()
}
