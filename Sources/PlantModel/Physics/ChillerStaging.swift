/// Lead/lag chiller staging with anti-recycle timers: the lag machine starts when the load passes
/// `upAt` × the lead's available capacity and it has been off for `minOff`; it stops when the load
/// falls below `downAt` × the lead's capacity and it has run for `minRun`. Typical maker limits are a
/// 15–30 min minimum off time (compressor anti-recycle) and a 30 min minimum run time [M].
struct ChillerStaging: Sendable {
    var upAt: Double
    var downAt: Double
    var minRun: Double   // s
    var minOff: Double   // s
    private(set) var lagOn = false
    public private(set) var lastChange = -Double.infinity
    public private(set) var starts = 0

    public init(upAt: Double, downAt: Double, minRun: Double, minOff: Double) {
        self.upAt = upAt
        self.downAt = downAt
        self.minRun = minRun
        self.minOff = minOff
    }

    /// Decides at time `t` whether the lag machine runs for a `load` the lead can give `leadCapacity` of.
    public mutating func update(at t: Double, load: Double, leadCapacity: Double) -> Bool {
        if !lagOn, load > upAt * leadCapacity, t - lastChange >= minOff {
            lagOn = true; lastChange = t; starts += 1
        } else if lagOn, load < downAt * leadCapacity, t - lastChange >= minRun {
            lagOn = false; lastChange = t
        }
        return lagOn
    }

    /// Season over: everything stops (timers keep running).
    public mutating func stop(at t: Double) {
        if lagOn { lagOn = false; lastChange = t }
    }
}
