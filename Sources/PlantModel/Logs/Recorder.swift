/// `--record FILE`: every reading received, written as the wide log `replay` and `report` read,
/// flushed at least once a second. Only whole rows are ever written, so after a kill -9 the file
/// replays cleanly up to its last row.
public final class Recorder {
    private var writer: CSVLogWriter
    private let registry: TagRegistry
    private var row: [Double]
    private var lastFlush = -Double.infinity
    public private(set) var rows = 0

    public init(path: String, plant: PlantDefinition) throws {
        registry = plant.tags
        writer = CSVLogWriter(registry: plant.tags, format: .wide, utcOffset: plant.utcOffset, sink: try ByteSink(path: path))
        writer.writeHeader()
        writer.finish()
        row = Array(repeating: .nan, count: plant.tags.count)
    }

    public func record(_ reading: ReadingRow) {
        for i in row.indices { row[i] = .nan }
        for k in 0..<reading.count where !reading.values[k].isNaN { row[Int(reading.tags[k])] = reading.values[k] }
        writer.write(time: reading.time, values: row)
        rows += 1
    }

    /// Hands everything written so far to the kernel; call at least once a second.
    public func flush(now: Double) {
        guard now - lastFlush >= 1 else { return }
        writer.finish()
        lastFlush = now
    }

    deinit { writer.finish() }
}
