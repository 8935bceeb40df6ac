/// Where log bytes go: a file or standard output, written in large blocks with write(2).
public final class ByteSink {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let closeOnDeinit: Bool
    static let blockSize = 1 << 20
    /// The first write error, if any (a full disk, a closed pipe).
    public private(set) var failure: String?

    /// `append`: add to what the file holds (a recording going on) instead of replacing it.
    public init(path: String?, append: Bool = false) throws {
        if let path, path != "-" {
            let f = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o644)
            guard f >= 0 else { throw LogError(file: path, line: 0, message: "cannot create file: \(String(cString: strerror(errno)))") }
            fd = f
            closeOnDeinit = true
        } else {
            fd = 1
            closeOnDeinit = false
        }
        buffer.reserveCapacity(ByteSink.blockSize + 4096)
    }

    private func writeAll(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        bytes.withUnsafeBytes { b in
            var off = 0
            while off < b.count {
                let r = Glibc.write(fd, b.baseAddress! + off, b.count - off)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { failure = String(cString: strerror(errno)); return }
                off += r
            }
        }
    }

    /// Takes the bytes and leaves `bytes` empty (capacity kept) for the next line.
    @inline(__always) public func write(_ bytes: inout [UInt8]) {
        if buffer.isEmpty && bytes.count >= ByteSink.blockSize {
            writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= ByteSink.blockSize { flush() }
        }
        bytes.removeAll(keepingCapacity: true)
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
        if closeOnDeinit { Glibc.close(fd) }
    }
}

/// A problem with a log file, located to the line (and column, where there is one).
public struct LogError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int? = nil
    public var message: String
    public var description: String {
        line > 0 ? "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(message)" : "\(file): \(message)"
    }
}

public enum LogFormat: String, Sendable, CaseIterable {
    /// `timestamp,<tag> [unit],...`: one row per instant, empty cell = no reading.
    case wide
    /// `timestamp,tag,value,quality`: one row per reading.
    case long
}

/// Writes rows of a plant's tags as CSV. Wide headers carry each tag's unit as `tag [unit]`.
public struct CSVLogWriter {
    public let registry: TagRegistry
    public let format: LogFormat
    public let utcOffset: Int
    private let sink: ByteSink
    private var line: [UInt8] = []
    private var stamp: [UInt8] = []
    private let tagBytes: [[UInt8]]
    private let decimals: [Int]

    public init(registry: TagRegistry, format: LogFormat, utcOffset: Int, sink: ByteSink) {
        self.registry = registry
        self.format = format
        self.utcOffset = utcOffset
        self.sink = sink
        tagBytes = registry.tags.map { Array($0.id.utf8) }
        decimals = registry.tags.map(\.decimals)
        line.reserveCapacity(1 << 16)
    }

    /// The header line (without its newline) of a log of `registry`'s tags.
    public static func header(_ registry: TagRegistry, format: LogFormat) -> String {
        switch format {
        case .wide: return (["timestamp"] + registry.tags.map { "\($0.id) [\($0.unit.ascii)]" }).joined(separator: ",")
        case .long: return "timestamp,tag,value,quality"
        }
    }

    public mutating func writeHeader() {
        line.append(contentsOf: Array(CSVLogWriter.header(registry, format: format).utf8))
        line.append(10)
        sink.write(&line)
    }

    public mutating func write(time: Double, values: [Double]) {
        switch format {
        case .wide:
            ISO8601.append(time, offset: utcOffset, to: &line)
            for i in 0..<values.count {
                line.append(UInt8(ascii: ","))
                if !values[i].isNaN { NumberFormat.append(values[i], decimals: decimals[i], to: &line) }
            }
            line.append(10)
            // Batch rows: hand the sink ~64 KB at a time.
            if line.count < 60_000 { return }
        case .long:
            stamp.removeAll(keepingCapacity: true)
            ISO8601.append(time, offset: utcOffset, to: &stamp)
            for i in 0..<values.count where !values[i].isNaN {
                line.append(contentsOf: stamp)
                line.append(UInt8(ascii: ","))
                line.append(contentsOf: tagBytes[i])
                line.append(UInt8(ascii: ","))
                NumberFormat.append(values[i], decimals: decimals[i], to: &line)
                line.append(contentsOf: ",good\n".utf8)
            }
            if line.count < 60_000 { return }
        }
        sink.write(&line)
    }

    public mutating func finish() {
        sink.write(&line)
        sink.flush()
    }

    /// The sink's first write error, if any.
    public var failure: String? { sink.failure }
}
