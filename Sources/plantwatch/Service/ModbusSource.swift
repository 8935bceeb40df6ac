import Dispatch
import NIOPosix
import PlantModel
import Synchronization

/// Meters read over Modbus TCP, as a reading source: a background poller reads the register map's
/// batches on their poll interval, decodes each tag, and queues timestamped rows; the dashboard
/// drains the queue, so a slow or silent device never blocks the screen. On failure the poller
/// reconnects with exponential backoff (0.5 s doubling to 30 s); meanwhile the plant's tags go
/// stale and the stale-data alarms raise.
final class ModbusSource: ReadingSource, @unchecked Sendable {
    let map: RegisterMap
    let plant: PlantDefinition
    let client: ModbusClient
    var label: String { "modbus \(client.host):\(client.port)" + (shared.withLock { $0.lastError }.map { " · " + $0 } ?? "") }
    let startTime: Double
    var endTime: Double? { nil }
    var nextTime: Double? { nil }

    /// What the poller thread hands to the run loop.
    private struct Shared {
        var queue: [(time: Double, tags: [Int32], values: [Double])] = []
        var stopped = false
        var lastError: String?
    }
    private let shared = Mutex(Shared())
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
        shared.withLock { $0.stopped = true }
    }

    private func run() {
        let batches = map.requests()
        let interval = max(0.1, map.registers.compactMap(\.poll).min() ?? 10)
        var backoff = 0.5
        while !shared.withLock({ $0.stopped }) {
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
            shared.withLock {
                if !tags.isEmpty { $0.queue.append((now, tags, values)) }
                $0.lastError = failure
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

    func advance(to t: Double, limit: Int, _ body: (ReadingRow) -> Void) -> Int {
        let rows = shared.withLock {
            let r = $0.queue
            $0.queue.removeAll()
            return r
        }
        for (time, tags, values) in rows {
            ReadingRow.with(time: time, tags: tags, values: values, body)
        }
        return rows.count
    }
}
