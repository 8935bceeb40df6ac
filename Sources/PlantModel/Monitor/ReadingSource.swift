/// Where a monitored plant's readings come from: a simulation, a recorded log, (later) a live
/// meter connection. A source hands over every row up to an instant, in time order.
public protocol ReadingSource {
    /// What the status bar shows: scenario or file names.
    var label: String { get }
    /// The first instant the source has.
    var startTime: Double { get }
    /// The last instant, for finite sources.
    var endTime: Double? { get }
    /// Delivers rows with time ≤ `t` (at most `limit`); returns how many it delivered.
    mutating func advance(to t: Double, limit: Int, _ body: (ReadingRow) -> Void) -> Int
    /// The time of the next row, if any.
    var nextTime: Double? { get }
}

/// A simulated plant as a source.
public struct SimulationSource: ReadingSource {
    public private(set) var simulation: Simulation
    public let label: String
    private var row: [Double] = []
    private var tags: [Int32] = []
    private var values: [Double] = []

    public init(simulation: Simulation) {
        self.simulation = simulation
        let c = simulation.config
        let extra = c.measures.subtracting(simulation.plant.scenario(c.scenario)?.measures ?? [])
        label = "simulated \(c.scenario)" + (extra.isEmpty ? "" : " +" + extra.sorted().joined(separator: ",")) + (simulation.faults.isEmpty ? "" : " (faults)")
    }

    public var startTime: Double { simulation.start }
    public var endTime: Double? { simulation.end }
    public var nextTime: Double? { simulation.nextTime }

    public mutating func advance(to t: Double, limit: Int, _ body: (ReadingRow) -> Void) -> Int {
        var n = 0
        while n < limit, let next = simulation.nextTime, next <= t {
            guard let time = simulation.next(into: &row) else { break }
            tags.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            for i in 0..<row.count where !row[i].isNaN { tags.append(Int32(i)); values.append(row[i]) }
            tags.withUnsafeBufferPointer { tp in values.withUnsafeBufferPointer { body(ReadingRow(time: time, tags: tp, values: $0)) } }
            n += 1
        }
        return n
    }
}

/// A recorded log as a source. The rows are read once, validated, and kept in memory in compact
/// form (12 bytes a reading), so that replay can pause, step and seek backwards.
public struct ReplaySource: ReadingSource {
    public let label: String
    public let tally: RejectTally
    private var times: [Double] = []
    private var starts: [Int32] = [0]
    private var tagList: [Int32] = []
    private var valueList: [Double] = []
    public private(set) var position = 0

    public init(reader: LogReader) throws {
        reader.deliver(markBad: true)
        label = reader.files.map { $0.path.split(separator: "/").last.map(String.init) ?? $0.path }.joined(separator: ", ")
        var times: [Double] = [], starts: [Int32] = [0], tags: [Int32] = [], values: [Double] = []
        try reader.read { row in
            times.append(row.time)
            tags.append(contentsOf: row.tags)
            values.append(contentsOf: row.values)
            starts.append(Int32(tags.count))
        }
        self.times = times
        self.starts = starts
        tagList = tags
        valueList = values
        tally = reader.tally
    }

    public var startTime: Double { times.first ?? 0 }
    public var endTime: Double? { times.last }
    public var nextTime: Double? { position < times.count ? times[position] : nil }
    var rowCount: Int { times.count }

    public mutating func advance(to t: Double, limit: Int, _ body: (ReadingRow) -> Void) -> Int {
        var n = 0
        while n < limit && position < times.count && times[position] <= t {
            let a = Int(starts[position]), b = Int(starts[position + 1])
            tagList.withUnsafeBufferPointer { tp in
                valueList.withUnsafeBufferPointer { vp in
                    body(ReadingRow(time: times[position], tags: UnsafeBufferPointer(rebasing: tp[a..<b]), values: UnsafeBufferPointer(rebasing: vp[a..<b])))
                }
            }
            position += 1
            n += 1
        }
        return n
    }

    /// Back to the first row (a backwards seek replays from the start up to the target).
    mutating func rewind() { position = 0 }
}
