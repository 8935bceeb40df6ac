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
    /// Offered the pipeline this source feeds before each feed and every `checkpointStride` rows
    /// of it: a source that can go back keeps its state now and then (see `ReplaySource`).
    mutating func checkpoint(_ pipeline: PlantPipeline)
    var checkpointStride: Int { get }
    /// Goes back to a kept state at or before `t`, setting `pipeline` to it; feeding up to `t`
    /// then gives the state a straight run reaches. False when the source cannot go back.
    mutating func seekBack(to t: Double, _ pipeline: inout PlantPipeline) -> Bool
}

extension ReadingSource {
    public mutating func checkpoint(_ pipeline: PlantPipeline) {}
    public var checkpointStride: Int { .max }
    public mutating func seekBack(to t: Double, _ pipeline: inout PlantPipeline) -> Bool { false }
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
