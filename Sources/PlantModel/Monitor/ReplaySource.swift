/// A recorded log as a source, in bounded memory whatever its length: the log is read once when
/// opened (to count rows and rejects and find its span), then streamed again as it plays, a
/// chunk of rows at a time from where the last chunk stopped. Seeking back restores a checkpoint:
/// every `checkpointEvery` rows the source keeps the position it reads from and a copy of the
/// pipeline it feeds (a value: its buffers are shared until either side changes them); going back
/// to an instant is restoring the latest checkpoint before it and feeding the rows after it
/// again, the same rows a straight run would have fed.
///
/// Checkpoints thin out with distance from the newest (`thin`): dense where seeks go (`[` steps
/// an hour back, a day is 24 presses), sparser further back, so their number grows with the
/// logarithm of the log's length: at most 3 + 2 log₄/₃(rows / 1000).
public final class ReplaySource: ReadingSource {
    public let label: String
    /// The rejected rows and cells of the whole log (counted when it was opened).
    public let tally: RejectTally
    public let startTime: Double
    public let endTime: Double?
    /// Rows of the whole log.
    public let rowCount: Int
    /// Rows between the newest checkpoints (a frame's feed may take more).
    public let checkpointEvery = 1_000
    public var checkpointStride: Int { checkpointEvery }
    /// A checkpoint goes once its neighbours are within 1/`thinning` of their distance from the
    /// newest: restoring the one before it re-feeds at most that fraction of the way back.
    static let thinning = 3
    /// Readings per chunk read ahead: 64 Ki readings, 768 KiB in compact form (12 bytes a reading).
    static let chunkReadings = 1 << 16

    private let reader: LogReader
    // The chunk read ahead, in compact form: row times, each row's first reading, the readings.
    private var times: [Double] = []
    private var starts: [Int32] = [0]
    private var tagList: [Int32] = []
    private var valueList: [Double] = []
    private var index = 0
    /// Where the chunk was read from, and where the log goes on after it (nil: the end).
    private var chunkStart: LogReader.Position
    private var after: LogReader.Position?
    /// Rows delivered so far, and the last one's time.
    public private(set) var position = 0
    private var lastTime = -Double.infinity

    struct Checkpoint {
        let row: Int
        /// The last delivered row's time: the checkpoint serves any instant from here on.
        let time: Double
        let chunk: LogReader.Position
        let index: Int
        let pipeline: PlantPipeline
    }
    private(set) var checkpoints: [Checkpoint] = []
    public var checkpointCount: Int { checkpoints.count }

    /// Rows held in memory now (the chunk read ahead), whatever the log's length.
    var rowsHeld: Int { times.count }

    public init(reader: LogReader) throws {
        reader.deliver(markBad: true)
        self.reader = reader
        label = reader.files.map { $0.path.split(separator: "/").last.map(String.init) ?? $0.path }.joined(separator: ", ")
        var rows = 0, first: Double?, last: Double?
        try reader.read { row in
            rows += 1
            if first == nil { first = row.time }
            last = row.time
        }
        tally = reader.tally
        rowCount = rows
        startTime = first ?? 0
        endTime = last
        chunkStart = reader.start
        load(from: reader.start)
    }

    /// Reads the chunk that begins at `p`.
    private func load(from p: LogReader.Position) {
        times.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        tagList.removeAll(keepingCapacity: true)
        valueList.removeAll(keepingCapacity: true)
        index = 0
        chunkStart = p
        // The log was read whole once already, so a failure now (the file changed or went away
        // underneath) ends the replay where it fails rather than stopping the dashboard.
        after = try? reader.read(from: p, parallel: false) { row in
            times.append(row.time)
            tagList.append(contentsOf: row.tags)
            valueList.append(contentsOf: row.values)
            starts.append(Int32(tagList.count))
            return tagList.count < ReplaySource.chunkReadings
        }
    }

    public var nextTime: Double? { index < times.count ? times[index] : nil }

    public func advance(to t: Double, limit: Int, _ body: (ReadingRow) -> Void) -> Int {
        var n = 0
        while n < limit && index < times.count && times[index] <= t {
            let a = Int(starts[index]), b = Int(starts[index + 1])
            tagList.withUnsafeBufferPointer { tp in
                valueList.withUnsafeBufferPointer { vp in
                    body(ReadingRow(time: times[index], tags: UnsafeBufferPointer(rebasing: tp[a..<b]), values: UnsafeBufferPointer(rebasing: vp[a..<b])))
                }
            }
            lastTime = times[index]
            index += 1
            position += 1
            n += 1
            if index == times.count, let next = after { load(from: next) }
        }
        return n
    }

    public func checkpoint(_ pipeline: PlantPipeline) {
        if let last = checkpoints.last, position - last.row < checkpointEvery { return }
        checkpoints.append(Checkpoint(row: position, time: lastTime, chunk: chunkStart, index: index, pipeline: pipeline))
        thin()
    }

    /// Drops each checkpoint whose neighbours are close enough, for their distance from the
    /// newest, to do without it; the first (the log's start) and the newest stay.
    private func thin() {
        let head = position
        var i = 1
        while i + 1 < checkpoints.count {
            if (checkpoints[i + 1].row - checkpoints[i - 1].row) * ReplaySource.thinning <= head - checkpoints[i + 1].row {
                checkpoints.remove(at: i)
            } else {
                i += 1
            }
        }
    }

    public func seekBack(to t: Double, _ pipeline: inout PlantPipeline) -> Bool {
        guard let k = checkpoints.lastIndex(where: { $0.time <= t }) else { return false }
        let c = checkpoints[k]
        // The later ones belong to the run being left (an alarm acknowledged since, say): they
        // are taken again as the replay passes their rows.
        checkpoints.removeSubrange((k + 1)...)
        load(from: c.chunk)
        index = c.index
        position = c.row
        lastTime = c.time
        pipeline = c.pipeline
        return true
    }
}
