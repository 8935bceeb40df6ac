import Dispatch
import NIOPosix
import PlantModel

/// Meters read over Modbus TCP, as a reading source: a background poller reads the register map's
/// batches on their poll interval, decodes each tag, and queues timestamped rows; the dashboard
/// drains the queue, so a slow or silent device never blocks the screen. On failure the poller
/// reconnects with exponential backoff (0.5 s doubling to 30 s); meanwhile the plant's tags go
/// stale and the stale-data alarms raise.
final class ModbusSource: ReadingSource, @unchecked Sendable {
    let map: RegisterMap
    let plant: PlantDefinition
    let client: ModbusClient
    var label: String { "modbus \(client.host):\(client.port)" + (lastError.map { " · " + $0 } ?? "") }
    let startTime: Double
    var endTime: Double? { nil }
    var nextTime: Double? { nil }

    private let lock = NSLockLike()
    private var queue: [(Double, [Int32], [Double])] = []
    private var stopped = false
    private(set) var lastError: String?
    private(set) var polls = 0
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    static let maxBackoff = 30.0

    init(host: String, port: Int, map: RegisterMap, plant: PlantDefinition, timeout: Double = 1.0) {
        self.map = map
        self.plant = plant
        client = ModbusClient(host: host, port: port, timeout: timeout, group: group)
        startTime = wallClock()
    }

    func start() {
        DispatchQueue.global().async { [self] in run() }
    }

    func stop() {
        lock.withLock { stopped = true }
    }

    private func run() {
        let batches = map.requests()
        let interval = max(0.1, map.registers.compactMap(\.poll).min() ?? 10)
        var backoff = 0.5
        while !lock.withLock({ stopped }) {
            let t0 = monotonic()
            var tags: [Int32] = [], values: [Double] = []
            var failure: String?
            for b in batches {
                do {
                    let regs = try client.read(unit: b.unit, function: b.function, address: b.address, count: b.count)
                    for e in b.entries {
                        guard let i = plant.tags.index(of: e.tag) else { continue }
                        let from = Int(e.address - b.address)
                        tags.append(Int32(i))
                        values.append(RegisterMap.value(e, regs[from..<(from + e.type.registers)]))
                    }
                } catch {
                    failure = "\(error)"
                    if case ModbusError.exception = error { continue }   // the device answered: the connection is fine
                    break
                }
            }
            let now = wallClock()
            lock.withLock {
                if !tags.isEmpty { queue.append((now, tags, values)) }
                lastError = failure
                polls += 1
            }
            if failure != nil && tags.isEmpty {
                usleep(useconds_t(backoff * 1e6))
                backoff = min(ModbusSource.maxBackoff, backoff * 2)
            } else {
                backoff = 0.5
                let rest = interval - (monotonic() - t0)
                if rest > 0 { usleep(useconds_t(rest * 1e6)) }
            }
        }
        client.disconnect()
        try? group.syncShutdownGracefully()
    }

    func advance(to t: Double, limit: Int, _ body: (Double, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Double>) -> Void) -> Int {
        let rows: [(Double, [Int32], [Double])] = lock.withLock {
            let r = queue
            queue.removeAll()
            return r
        }
        for (time, tags, values) in rows {
            tags.withUnsafeBufferPointer { tp in values.withUnsafeBufferPointer { body(time, tp, $0) } }
        }
        return rows.count
    }
}
