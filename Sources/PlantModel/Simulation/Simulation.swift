import Foundation

/// Runs a plant's physics step by step and turns it into what its meters would report:
/// totaliser registers that count the true flow and wrap at their limit, noisy and rounded
/// instantaneous values, and the meter faults (stuck, dropout, forced rollover).
///
/// Row k is stamped `start + k·step`; rates are the mean over the step that ends there and
/// totalisers include it. The same plant, scenario, seed, start and step give identical rows.
public struct Simulation: Sendable {
    public let plant: PlantDefinition
    public let config: ScenarioConfig
    public let seed: UInt64
    public let start: Double
    public let step: Double
    public let end: Double
    public let faults: [FaultSpec]

    private var physics: any PlantSimulator
    private var weather: WeatherModel
    private let schedule: FaultSchedule
    private var rng: SplitMix64
    private var registers: [Double]
    private var truth: [Double]
    private var stuck: [Double]
    private let stuckFrom: [Double]
    private let dropouts: [[ClosedRange<Double>]]
    private var k = 0
    private let scales: [Double]
    private let tags: [TagSpec]
    private let kinds: [TagKind]
    private let noise: [Double]
    private let lower: [Double]
    private let upper: [Double]
    private let hasStuck: Bool
    /// For each totaliser, the index of the rate it counts (−1 for other tags).
    private let sourceIndex: [Int]

    /// Hours a meter-dropout fault lasts.
    static let dropoutHours = 6.0
    /// A biased meter's reading ÷ the truth (meter-bias fault).
    static let meterBias = 1.05
    /// A drifting sensor's offset growth, units per day (sensor-drift fault).
    static let driftPerDay = 0.25
    /// Per tag: the meter's systematic error (reading ÷ truth − 1) for rate tags with an accuracy
    /// and not calibrated; 0 otherwise. Its totaliser counts the same meter, so the same error.
    public let meterErrors: [Double]
    /// Per tag: bias from (time) and drift from (time); +∞ = never.
    private let biasFrom: [Double]
    private let driftFrom: [Double]

    public struct ConfigError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(plant: PlantDefinition, config: ScenarioConfig, seed: UInt64, start: Double,
                step: Double, duration: Double, faults: [FaultSpec] = []) throws {
        guard step >= 1, step <= 86_400 else { throw ConfigError(description: "step must be 1–86400 seconds, got \(step)") }
        guard duration > 0 else { throw ConfigError(description: "the period must be longer than zero") }
        guard let simulator = plant.simulator, let climate = plant.climate else {
            throw ConfigError(description: "site \(plant.id) has no simulator: it runs on recorded or live data (report, replay, live --follow or --modbus)")
        }
        guard plant.scenario(config.scenario) != nil else {
            throw ConfigError(description: "plant \(plant.id) has no scenario '\(config.scenario)' (known: \(plant.scenarios.map(\.id).joined(separator: ", ")))")
        }
        for m in config.measures where !plant.measures.contains(where: { $0.id == m }) {
            throw ConfigError(description: "plant \(plant.id) has no measure '\(m)'" + (plant.measures.isEmpty ? " (it has none)" : " (known: \(plant.measures.map(\.id).joined(separator: ", ")))"))
        }
        let n = plant.tags.count
        var stuckFrom = Array(repeating: Double.infinity, count: n)
        var dropouts = Array(repeating: [ClosedRange<Double>](), count: n)
        var biasFrom = Array(repeating: Double.infinity, count: n)
        var driftFrom = Array(repeating: Double.infinity, count: n)
        for f in faults {
            guard plant.supportedFaults.contains(f.kind) else {
                throw ConfigError(description: "fault \(f.kind.rawValue) does not apply to plant \(plant.id) (it takes: \(plant.supportedFaults.map(\.rawValue).joined(separator: ", ")))")
            }
            if let tag = f.tag {
                guard let i = plant.tags.index(of: tag) else {
                    throw ConfigError(description: "fault \(f.kind.rawValue): plant \(plant.id) has no tag '\(tag)' (see `plantwatch tags --plant \(plant.id)`)")
                }
                switch f.kind {
                case .stuckSensor: stuckFrom[i] = min(stuckFrom[i], f.start)
                case .meterDropout: dropouts[i].append(f.start...(f.start + Simulation.dropoutHours * 3600))
                case .meterBias:
                    guard plant.tags.tags[i].kind == .rate else {
                        throw ConfigError(description: "fault meter-bias:\(tag): tag '\(tag)' is a \(plant.tags.tags[i].kind.rawValue); a bias applies to a meter's rate (its register follows)")
                    }
                    biasFrom[i] = min(biasFrom[i], f.start)
                case .sensorDrift:
                    guard plant.tags.tags[i].kind == .process else {
                        throw ConfigError(description: "fault sensor-drift:\(tag): tag '\(tag)' is a \(plant.tags.tags[i].kind.rawValue), not a process sensor")
                    }
                    driftFrom[i] = min(driftFrom[i], f.start)
                case .totaliserRollover:
                    guard plant.tags.tags[i].kind == .totaliser else {
                        throw ConfigError(description: "fault totaliser-rollover: tag '\(tag)' is a \(plant.tags.tags[i].kind.rawValue), not a totaliser")
                    }
                default: break
                }
            }
        }
        self.plant = plant
        self.config = config
        self.seed = seed
        self.start = start
        self.step = step
        self.end = start + duration
        self.faults = faults
        self.physics = simulator.make(config, seed)
        self.weather = WeatherModel(climate: climate, seed: seed)
        self.schedule = FaultSchedule(faults.filter { !$0.kind.takesTag })
        self.rng = SplitMix64(seed: seed ^ 0x5EED_0F_4E01_5E00)
        self.truth = Array(repeating: 0, count: n)
        self.stuck = Array(repeating: .nan, count: n)
        self.stuckFrom = stuckFrom
        self.dropouts = dropouts
        self.biasFrom = biasFrom
        self.driftFrom = driftFrom
        self.scales = plant.tags.tags.map { pow10($0.decimals) }
        self.tags = plant.tags.tags
        self.kinds = plant.tags.tags.map(\.kind)
        self.noise = plant.tags.tags.map(\.noise)
        self.lower = plant.tags.tags.map(\.validRange.lowerBound)
        self.upper = plant.tags.tags.map(\.validRange.upperBound)
        self.hasStuck = stuckFrom.contains { $0.isFinite }
        self.sourceIndex = plant.tags.tags.map { t in t.integrates.flatMap { plant.tags.index(of: $0) } ?? -1 }
        // A meter's register starts wherever it happens to stand: a seeded tenth of its range.
        var regs = Array(repeating: 0.0, count: n)
        var r0 = SplitMix64(seed: seed &+ 0xA11CE)
        for (i, t) in plant.tags.tags.enumerated() where t.kind == .totaliser {
            regs[i] = (r0.uniform() * 0.1 * (t.registerLimit ?? 1e9)).rounded(.down)
        }
        self.registers = regs
        self.meterErrors = Simulation.meterErrors(plant.tags.tags, seed: seed)
        try forceRollovers(faults.filter { $0.kind == .totaliserRollover })
    }

    /// Each meter's systematic error: a sign and a size between half and all of its stated accuracy
    /// (a meter within its class, not at its edge), drawn from the seed and the tag's id, so that a
    /// meter keeps its error when tags are added to the site file. Calibrated meters (whose readings
    /// are the published figures) and meters with no stated accuracy read true.
    static func meterErrors(_ tags: [TagSpec], seed: UInt64) -> [Double] {
        tags.map { t in
            guard t.kind == .rate, let a = t.accuracy, !t.calibrated else { return 0 }
            // FNV-1a of the id: stable across runs and platforms (Swift's hashValue is not).
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in t.id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            var r = SplitMix64(seed: seed ^ h)
            let size = a * (0.5 + 0.5 * r.uniform())
            return r.uniform() < 0.5 ? -size : size
        }
    }

    /// "makeup_flow +1.4 %, recovery_flow −1.1 %": the meters that read off true, for the user.
    public var meterErrorSummary: String {
        zip(tags, meterErrors).filter { $0.1 != 0 }.map { "\($0.0.id) " + String(format: "%+.2f %%", $0.1 * 100) }
            .joined(separator: ", ")
    }

    /// Sets each faulted register's start so that it reaches its limit exactly at the fault
    /// time, found by running the same physics up to that instant.
    private mutating func forceRollovers(_ list: [FaultSpec]) throws {
        for f in list {
            guard let tag = f.tag, let i = plant.tags.index(of: tag), let source = plant.tags.tags[i].integrates,
                  let si = plant.tags.index(of: source) else { continue }
            guard f.start > start, f.start < end else {
                throw ConfigError(description: "fault totaliser-rollover:\(tag): its time lies outside the simulated period")
            }
            var probe = plant.simulator!.make(config, seed)
            var values = Array(repeating: 0.0, count: plant.tags.count)
            var total = 0.0
            var t = start + step
            while t <= f.start {
                probe.step(at: t, dt: step, weather: weather.sample(at: t), faults: schedule, into: &values)
                total += max(0, values[si]) * (1 + meterErrors[si]) * step / 3600
                t += step
            }
            let limit = plant.tags.tags[i].registerLimit ?? 1e9
            registers[i] = max(0, limit - total - 1e-6)
        }
    }

    /// The time of the next row, or nil when the period is over.
    public var nextTime: Double? {
        let t = start + Double(k) * step
        return t < end ? t : nil
    }

    /// Produces the next row into `row` (registry order; NaN = no reading) and returns its time.
    public mutating func next(into row: inout [Double]) -> Double? {
        guard let t = nextTime else { return nil }
        if row.count != tags.count { row = Array(repeating: .nan, count: tags.count) }
        if k > 0 {
            physics.step(at: t, dt: step, weather: weather.sample(at: t), faults: schedule, into: &truth)
            for i in 0..<tags.count where sourceIndex[i] >= 0 {
                do {
                    let s = sourceIndex[i]
                    let bias = (t >= biasFrom[s] ? Simulation.meterBias : 1) * (1 + meterErrors[s])
                    registers[i] += max(0, truth[s]) * bias * step / 3600
                    let limit = tags[i].registerLimit ?? 1e9
                    if registers[i] >= limit { registers[i] -= limit }
                }
            }
        } else {
            // The first row reports the state at the start instant: run one step to settle it.
            physics.step(at: t, dt: step, weather: weather.sample(at: t), faults: schedule, into: &truth)
        }
        for i in 0..<tags.count {
            var v: Double
            switch kinds[i] {
            case .totaliser:
                v = (registers[i] * scales[i]).rounded(.down) / scales[i]
            case .rate:
                let g = rng.gaussian()
                v = truth[i] > 0 ? truth[i] * (1 + meterErrors[i]) * (1 + noise[i] * g) : truth[i]
            case .process:
                v = truth[i] + noise[i] * rng.gaussian()
            case .state:
                v = truth[i]
            }
            if t >= biasFrom[i] { v *= Simulation.meterBias }
            if t >= driftFrom[i] { v += Simulation.driftPerDay * (t - driftFrom[i]) / 86_400 }
            if kinds[i] != .totaliser {
                v = min(max(v, lower[i]), upper[i])
                v = (v * scales[i]).rounded() / scales[i]
            }
            if hasStuck && t >= stuckFrom[i] {
                if stuck[i].isNaN { stuck[i] = row[i].isNaN ? v : row[i] }
                v = stuck[i]
            }
            if !dropouts[i].isEmpty && dropouts[i].contains(where: { $0.contains(t) }) { v = .nan }
            row[i] = v
        }
        k += 1
        return t
    }

    /// Rows the whole run will produce.
    var rowCount: Int { Int(((end - start) / step).rounded(.up)) }
}

@inline(__always) func pow10(_ d: Int) -> Double {
    var s = 1.0
    for _ in 0..<max(0, d) { s *= 10 }
    return s
}
