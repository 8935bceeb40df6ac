/// A fault injected into a simulation: `NAME@ISO-TIME` or, for meter faults, `NAME:TAG@ISO-TIME`.
public struct FaultSpec: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case boilerFouling = "boiler-fouling"
        case recoveryPumpTrip = "recovery-pump-trip"
        case condenserFouling = "condenser-fouling"
        case stuckSensor = "stuck-sensor"
        case meterDropout = "meter-dropout"
        case totaliserRollover = "totaliser-rollover"
        case meterBias = "meter-bias"
        case sensorDrift = "sensor-drift"

        var takesTag: Bool {
            self == .stuckSensor || self == .meterDropout || self == .totaliserRollover || self == .meterBias || self == .sensorDrift
        }

        public var summary: String {
            switch self {
            case .boilerFouling: return "fire/water-side fouling: flue gas +40 K over 14 days, efficiency falls ≈ 1.8 %"
            case .recoveryPumpTrip: return "heat-recovery pump trips: recovered hot water stops, make-up temperature falls"
            case .condenserFouling: return "condenser tube scale: approach +4 K over 21 days, COP falls"
            case .stuckSensor: return "the tag's value freezes from the given time"
            case .meterDropout: return "the tag reports nothing for 6 hours"
            case .totaliserRollover: return "the totaliser's register wraps past its limit at the given time"
            case .meterBias: return "the meter reads 5 % high from the given time (its rate and the register counting it)"
            case .sensorDrift: return "the sensor's reading drifts upward by 0.25 units (K) a day from the given time"
            }
        }

        /// Days from onset to full severity for faults that grow.
        var rampDays: Double {
            switch self {
            case .boilerFouling: return 14
            case .condenserFouling: return 21
            default: return 0
            }
        }
    }

    public var kind: Kind
    public var tag: String?
    public var start: Double

    public init(kind: Kind, tag: String? = nil, start: Double) {
        self.kind = kind
        self.tag = tag
        self.start = start
    }

    public var description: String {
        kind.rawValue + (tag.map { ":" + $0 } ?? "") + "@" + ISO8601.format(start, offset: 8 * 3600)
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `NAME[:TAG]@TIME`; times without an offset are the plant's local time.
    public static func parse(_ text: String, utcOffset: Int) throws -> FaultSpec {
        guard let at = text.firstIndex(of: "@") else {
            throw ParseError(description: "fault '\(text)': expected NAME@ISO-TIME or NAME:TAG@ISO-TIME")
        }
        let head = String(text[..<at]), timeText = String(text[text.index(after: at)...])
        let parts = head.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, let kind = Kind(rawValue: name) else {
            let names = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ParseError(description: "fault '\(text)': unknown fault '\(parts.first ?? "")' (known: \(names))")
        }
        let tag = parts.count > 1 ? parts[1] : nil
        if kind.takesTag && (tag ?? "").isEmpty {
            throw ParseError(description: "fault '\(text)': \(kind.rawValue) needs a tag, as \(kind.rawValue):TAG@TIME")
        }
        if !kind.takesTag && tag != nil {
            throw ParseError(description: "fault '\(text)': \(kind.rawValue) takes no tag")
        }
        guard let start = ISO8601.parse(timeText, defaultOffset: utcOffset) else {
            throw ParseError(description: "fault '\(text)': '\(timeText)' is not an ISO 8601 date or time")
        }
        return FaultSpec(kind: kind, tag: tag, start: start)
    }
}

/// The physical faults active in a run, as severities in 0…1 that grow linearly from onset.
public struct FaultSchedule: Sendable {
    public let faults: [FaultSpec]

    public init(_ faults: [FaultSpec]) { self.faults = faults }

    func severity(_ kind: FaultSpec.Kind, at t: Double) -> Double {
        var s = 0.0
        for f in faults where f.kind == kind && t >= f.start {
            let ramp = kind.rampDays * 86_400
            s = max(s, ramp > 0 ? min(1, (t - f.start) / ramp) : 1)
        }
        return s
    }
}
