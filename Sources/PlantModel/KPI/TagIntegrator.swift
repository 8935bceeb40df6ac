/// Turns a tag's successive samples into increments of quantity, the way a KPI needs them.
/// Totalisers: the register's advance, with a backwards step read as a rollover when the
/// register was near its limit and as a meter reset otherwise (reset: the new reading is the
/// advance since the reset). Rates and process values: a reading stands for its own sampling
/// interval before it (the mean over its step); over a longer spacing the previous reading holds
/// until then (historians' step interpolation of exception-reported data). Spacings longer than
/// `maxGap` (the tag's maximum age) add nothing, so coverage, not a fabricated integral, reflects
/// missing data.
public struct TagIntegrator: Sendable {
    public enum Event: Sendable, Equatable { case rollover, reset }

    public let kind: TagKind
    let registerLimit: Double
    let maxGap: Double
    public let interval: Double
    public private(set) var lastTime: Double = .nan
    private(set) var lastValue: Double = .nan

    public init(spec: TagSpec, maxGapIntervals: Double = 5) {
        kind = spec.kind
        registerLimit = spec.registerLimit ?? .infinity
        maxGap = spec.maxAge ?? spec.interval * maxGapIntervals
        interval = spec.interval
    }

    /// Feeds one sample; returns (quantity increment, seconds covered, event).
    public mutating func add(time: Double, value: Double) -> (delta: Double, seconds: Double, event: Event?) {
        defer { lastTime = time; lastValue = value }
        return TagIntegrator.step(kind: kind, registerLimit: registerLimit, maxGap: maxGap, interval: interval, lastTime: lastTime, lastValue: lastValue, time: time, value: value)
    }

    /// The increment between two successive samples: the one rule, shared with IncrementEngine's
    /// row loop (which keeps the last samples of all tags in flat arrays).
    @inline(__always)
    static func step(kind: TagKind, registerLimit: Double, maxGap: Double, interval: Double, lastTime: Double, lastValue: Double,
                     time: Double, value: Double) -> (delta: Double, seconds: Double, event: Event?) {
        guard !lastTime.isNaN else { return (0, 0, nil) }
        let dt = time - lastTime
        guard dt > 0 else { return (0, 0, nil) }
        switch kind {
        case .totaliser:
            // A register's advance is exact however long the gap, so the whole gap counts as covered.
            let d = value - lastValue
            if d >= 0 { return (d, dt, nil) }
            // A wrap leaves the old reading within the top tenth of the register and the new in the bottom.
            if registerLimit.isFinite && lastValue > 0.9 * registerLimit && value < 0.1 * registerLimit {
                return (registerLimit - lastValue + value, dt, .rollover)
            }
            // A reset loses what the meter counted between the reset and its last reading before it:
            // the new reading is the advance since the reset, and the gap is not counted as covered.
            return (max(0, value), 0, .reset)
        case .rate, .process, .state:
            guard dt <= maxGap else { return (0, 0, nil) }
            // A regular step (jitter allowed): the reading is the mean over it.
            if dt <= 1.5 * interval { return (value * dt / 3600, dt, nil) }
            // A longer spacing within the maximum age: the previous value held until the last
            // interval, which the new reading stands for (a deadband-compressed export then
            // integrates as the full log did).
            return ((lastValue * (dt - interval) + value * interval) / 3600, dt, nil)
        }
    }

    /// Forgets the last sample, e.g. after a bad value, so the next good one starts afresh.
    public mutating func restart() { lastTime = .nan; lastValue = .nan }
}
