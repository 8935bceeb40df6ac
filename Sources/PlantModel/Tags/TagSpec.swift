/// What a tag measures and how a reader should treat its samples.
public enum TagKind: String, Sendable, Codable, CaseIterable {
    /// An instantaneous rate (m³/h, t/h, kW): integrate over time to get a quantity.
    case rate
    /// A cumulative meter register (m³, t, kWh): differences give the quantity; it rolls over.
    case totaliser
    /// A process value such as a temperature, pressure or O₂ percentage.
    case process
    /// An on/off or run/standby/off state, reported as a small integer.
    case state
}

/// One entry of a plant's tag registry.
public struct TagSpec: Sendable, Equatable {
    public let id: String
    public let description: String
    public let unit: Unit
    public let kind: TagKind
    /// Nominal seconds between samples; a tag silent for a few of these is stale.
    public let interval: Double
    /// Values outside this range are physically impossible for this meter and are rejected.
    public let validRange: ClosedRange<Double>
    /// Register limit of a totaliser: the register wraps to 0 on reaching it.
    let registerLimit: Double?
    /// Decimal places the meter reports.
    public let decimals: Int
    /// For a totaliser: the rate tag whose true flow it counts.
    let integrates: String?
    /// Measurement noise: a fraction of the value for rates, an absolute value otherwise.
    public let noise: Double
    /// Other names a log may give the tag's column (historian tag names); the id always works.
    public var columns: [String] = []
    /// Brick Schema class (https://brickschema.org), for integrators; informational.
    var brick: String?
    /// What each value of a state tag means (0: "off", 1: "run").
    var stateLabels: [Int: String] = [:]
    /// Whether the site file states `interval` (then a log's spacing does not override it).
    var intervalStated = false
    /// A meter's maximum permissible error, a fraction of the reading (site file `accuracy`, in %:
    /// its accuracy class, e.g. 1 for an IEC 62053-21 class 1 electricity meter); nil: not stated.
    public var accuracy: Double?
    /// Site file `calibrated: true`: the published figures are this meter's readings, so a model fitted
    /// to them is fitted to what this meter reads and the simulation gives it no error of its own.
    var calibrated = false
    /// Site file `max_age` (seconds): how long a reading holds when no newer one comes (step
    /// interpolation of exception-reported data); nil: learned from the log, else 5 intervals.
    var maxAge: Double?

    public init(_ id: String, _ description: String, _ unit: Unit, _ kind: TagKind,
                range: ClosedRange<Double>, decimals: Int = 2, interval: Double = 60,
                registerLimit: Double? = nil, integrates: String? = nil, noise: Double = 0) {
        self.id = id
        self.description = description
        self.unit = unit
        self.kind = kind
        self.interval = interval
        self.validRange = range
        self.decimals = decimals
        self.registerLimit = kind == .totaliser ? (registerLimit ?? 1e9) : nil
        self.integrates = integrates
        self.noise = noise
    }
}

/// A plant's tags in their fixed column order.
public struct TagRegistry: Sendable {
    public let tags: [TagSpec]
    private let indexByID: [String: Int]
    private let aliasIndex: [String: Int]
    private let lowerIndex: [String: Int]

    public init(_ tags: [TagSpec]) {
        self.tags = tags
        var idx: [String: Int] = [:], alias: [String: Int] = [:], lower: [String: Int] = [:]
        for (i, t) in tags.enumerated() {
            precondition(idx[t.id] == nil, "duplicate tag \(t.id)")
            idx[t.id] = i
            for c in t.columns where alias[c] == nil { alias[c] = i }
        }
        for (i, t) in tags.enumerated() {
            for name in [t.id] + t.columns where lower[name.lowercased()] == nil { lower[name.lowercased()] = i }
        }
        indexByID = idx
        aliasIndex = alias
        lowerIndex = lower
    }

    public func index(of id: String) -> Int? { indexByID[id] }

    /// The tag a log column of this name feeds: its id or one of its aliases, exactly, else
    /// ignoring case (historian exports vary the case of tag names, never their spelling).
    public func index(ofColumn name: String) -> Int? {
        if let i = indexByID[name] ?? aliasIndex[name] { return i }
        return lowerIndex[name.lowercased()]
    }
    public subscript(id: String) -> TagSpec? { indexByID[id].map { tags[$0] } }
    public var count: Int { tags.count }
}
