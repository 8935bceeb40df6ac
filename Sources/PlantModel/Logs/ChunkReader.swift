/// Reads a file in blocks that end on a line boundary, with bounded memory whatever the file's
/// size: `read(2)` into fresh buffers (not mmap, whose touched pages would count towards the
/// process's resident size and grow with the file).
public final class ChunkReader {
    public let path: String
    private let fd: Int32
    private var carry: [UInt8] = []
    private var skippingLongLine = false
    private(set) var bytesRead = 0
    public let size: Int
    private(set) var atEOF = false
    private var oversizedLines: [(bytes: Int, prefix: [UInt8])] = []
    private var reportedOversized = 0

    /// A block of whole lines, preceded by any lines too long to keep (dropped, but counted).
    public struct Chunk {
        public var bytes: [UInt8]
        var droppedBefore: [(bytes: Int, prefix: [UInt8])]
        /// Where `bytes` begin in the file (a line start), so that reading can resume there.
        var offset = 0
    }

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LogError(file: path, line: 0, message: String(cString: strerror(errno)))
        }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw LogError(file: path, line: 0, message: "is a directory")
        }
        size = Int(st.st_size)
    }

    deinit { Glibc.close(fd) }

    /// A small file's bytes (configuration, maps, journals); logs are read in blocks instead.
    public static func readAll(_ path: String) throws -> [UInt8] {
        let reader = try ChunkReader(path: path)
        var bytes: [UInt8] = []
        while let c = reader.next() { bytes += c.bytes }
        return bytes
    }

    /// The next block of whole lines (the last block may end without a newline), or nil at the end.
    public func next(blockSize: Int = 1 << 19) -> Chunk? {
        if let (bytes, offset) = nextBytes(blockSize: blockSize) {
            let dropped = Array(oversizedLines[reportedOversized...])
            reportedOversized = oversizedLines.count
            return Chunk(bytes: bytes, droppedBefore: dropped, offset: offset)
        }
        if reportedOversized < oversizedLines.count {
            let dropped = Array(oversizedLines[reportedOversized...])
            reportedOversized = oversizedLines.count
            return Chunk(bytes: [], droppedBefore: dropped, offset: bytesRead)
        }
        return nil
    }

    /// Continues reading at `offset`, which must be the start of a line (a chunk's `offset`, or
    /// one of its lines' starts): the replay's way back to a checkpoint.
    func seek(to offset: Int) {
        lseek(fd, off_t(offset), SEEK_SET)
        bytesRead = offset
        carry = []
        skippingLongLine = false
        atEOF = false
        oversizedLines = []
        reportedOversized = 0
    }

    /// The next block and the file offset it begins at.
    private func nextBytes(blockSize: Int) -> ([UInt8], Int)? {
        while true {
            // The carried partial line was read last, so it starts this far before the read position.
            var offset = bytesRead - carry.count
            if atEOF {
                guard !carry.isEmpty else { return nil }
                defer { carry = [] }
                return (carry, offset)
            }
            let start = carry.count
            var got = 0
            // Read straight into the new array's storage: no zero-filling of bytes read(2) overwrites.
            var buf = [UInt8](unsafeUninitializedCapacity: start + blockSize) { b, count in
                if start > 0 { _ = carry.withUnsafeBufferPointer { memcpy(b.baseAddress!, $0.baseAddress!, start) } }
                while got < blockSize {
                    let r = read(fd, b.baseAddress! + start + got, blockSize - got)
                    if r < 0 && errno == EINTR { continue }
                    if r <= 0 { break }
                    got += r
                }
                count = start + got
            }
            carry = []
            bytesRead += got
            if got == 0 { atEOF = true }
            if skippingLongLine {
                guard let nl = buf.firstIndex(of: 10) else {
                    oversizedLines[oversizedLines.count - 1].bytes += buf.count
                    if atEOF { return nil }
                    continue
                }
                oversizedLines[oversizedLines.count - 1].bytes += nl
                buf.removeFirst(nl + 1)
                offset += nl + 1
                skippingLongLine = false
            }
            if atEOF { return buf.isEmpty ? nil : (buf, offset) }
            if let lastNL = buf.lastIndex(of: 10) {
                carry = Array(buf[(lastNL + 1)...])
                buf.removeLast(buf.count - lastNL - 1)
                return (buf, offset)
            }
            // No newline in a whole block: a line longer than any reader should accept.
            if buf.count >= blockSize {
                oversizedLines.append((buf.count, Array(buf.prefix(80))))
                skippingLongLine = true
                continue
            }
            carry = buf
        }
    }
}
