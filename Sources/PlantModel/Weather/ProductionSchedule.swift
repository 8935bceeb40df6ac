/// When a plant produces: shifts, weekends and the Spring Festival shutdown, as an activity
/// factor in 0…1 for any instant. Pure, like the weather, so runs agree at equal instants.
struct ProductionSchedule: Sendable {
    /// Local hours [start, end) with production on working days.
    var shiftStart: Double
    var shiftEnd: Double
    /// Activity on Saturday and on Sunday relative to a weekday.
    var saturday: Double
    var sunday: Double
    /// Activity outside shifts on working days.
    var offShift: Double
    /// Activity over the Spring Festival shutdown (≈ 10 days around early February).
    var holiday: Double
    public var utcOffset: Int

    static let pharmaTwoShift = ProductionSchedule(shiftStart: 8, shiftEnd: 24, saturday: 0.6, sunday: 0.15, offShift: 0.1, holiday: 0.1, utcOffset: 8 * 3600)
    static let continuous = ProductionSchedule(shiftStart: 0, shiftEnd: 24, saturday: 1, sunday: 1, offShift: 1, holiday: 0.55, utcOffset: 8 * 3600)

    func activity(at epoch: Double) -> Double {
        let c = CivilTime(epoch: epoch, offset: utcOffset)
        // Spring Festival falls between 21 Jan and 20 Feb; a fixed 28 Jan – 6 Feb window keeps years comparable.
        let doy = c.dayOfYear
        if doy >= 28 && doy <= 37 { return holiday }
        let h = Double(c.hour) + Double(c.minute) / 60
        let inShift = h >= shiftStart && h < shiftEnd
        let base = inShift ? 1.0 : offShift
        switch c.weekday {
        case 5: return base * saturday
        case 6: return base * sunday
        default: return base
        }
    }
}

/// A smooth, seeded AR(1)-like disturbance for loads: mean 0, unit variance, correlation
/// time of `hours`. Stateful and stepped with the simulation.
struct LoadNoise: Sendable {
    var value = 0.0
    var rng: SplitMix64
    let hours: Double

    public init(seed: UInt64, hours: Double) {
        rng = SplitMix64(seed: seed)
        self.hours = hours
    }

    public mutating func next(dt: Double) -> Double {
        let a = exp(-dt / (hours * 3600))
        value = a * value + (1 - a * a).squareRoot() * rng.gaussian()
        return value
    }
}
