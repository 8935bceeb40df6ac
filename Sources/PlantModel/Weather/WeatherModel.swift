/// Outdoor conditions at an instant.
public struct WeatherSample: Sendable, Equatable {
    var dryBulb: Double
    var relativeHumidity: Double
    var wetBulb: Double
    var mainsWater: Double
}

/// Weather as a pure function of time and seed: a seasonal cosine, a daily cycle peaking at
/// 15:00 local, and a smooth synoptic anomaly from hashed daily values. Because nothing is
/// carried from step to step, any two runs with the same seed see the same weather at the
/// same instant, whatever their start date or step: the basis for honest before/after comparisons.
struct WeatherModel: Sendable {
    let climate: Climate
    public let seed: UInt64
    private let siteKey: UInt64
    /// Per channel: the day whose two smoothing nodes are cached, and those nodes. Weather is
    /// sampled every step but its nodes change once a day; the cache changes no result.
    private var cachedDay: [Double] = [.nan, .nan, .nan, .nan]
    private var cachedNodes: [(Double, Double)] = Array(repeating: (0, 0), count: 4)

    public init(climate: Climate, seed: UInt64) {
        self.climate = climate
        self.seed = seed
        var h: UInt64 = 1469598103934665603
        for b in climate.name.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        siteKey = h
    }

    /// Synoptic anomaly in units of σ: daily hashed normals, smoothed over three days and
    /// interpolated within the day, then rescaled so its variance stays 1.
    mutating func anomaly(_ day: Double, channel: UInt64) -> Double {
        let d0 = day.rounded(.down)
        let f = day - d0
        let c = Int(channel)
        func node(_ d: Double) -> Double {
            let k = Int64(d)
            let a = SplitMix64.hashedGaussian(seed, siteKey, channel, UInt64(bitPattern: k - 1))
            let b = SplitMix64.hashedGaussian(seed, siteKey, channel, UInt64(bitPattern: k))
            let c = SplitMix64.hashedGaussian(seed, siteKey, channel, UInt64(bitPattern: k + 1))
            return (0.5 * a + b + 0.5 * c) / 1.2247448713915890   // sqrt(0.25 + 1 + 0.25)
        }
        if cachedDay[c] != d0 {
            cachedNodes[c] = cachedDay[c] == d0 - 1 ? (cachedNodes[c].1, node(d0 + 1)) : (node(d0), node(d0 + 1))
            cachedDay[c] = d0
        }
        let s = f * f * (3 - 2 * f)
        return cachedNodes[c].0 * (1 - s) + cachedNodes[c].1 * s
    }

    mutating func sample(at epoch: Double) -> WeatherSample {
        let c = climate
        let localDays = (epoch + Double(c.utcOffset)) / 86_400
        let civil = CivilTime(epoch: epoch, offset: c.utcOffset)
        let doy = Double(civil.dayOfYear) + (Double(civil.hour) + Double(civil.minute) / 60) / 24
        let hour = Double(civil.hour) + Double(civil.minute) / 60 + Double(civil.second) / 3600
        let season = cos(2 * Double.pi * (doy - c.warmestDay) / 365.25)
        let daily = cos(2 * Double.pi * (hour - 15) / 24)
        let synoptic = anomaly(localDays, channel: 1) * c.synopticSigmaC
        let dry = c.annualMeanC + c.seasonalAmplitudeC * season + 0.5 * c.dailyRangeC * daily + synoptic
        // Humidity falls in the afternoon as air warms and rises on cool, wet synoptic days.
        let rh0 = c.meanRH + c.rhSeasonalSwing * season - 12 * daily + 6 * anomaly(localDays, channel: 2) - 1.5 * synoptic
        let rh = min(98, max(12, rh0))
        let mainsSeason = cos(2 * Double.pi * (doy - c.warmestDay - c.mainsLagDays) / 365.25)
        let mains = c.mainsMeanC + c.mainsAmplitudeC * mainsSeason + 0.4 * anomaly(localDays / 3, channel: 3)
        return WeatherSample(dryBulb: dry, relativeHumidity: rh,
                             wetBulb: Psychrometrics.wetBulb(dryBulb: dry, relativeHumidity: rh),
                             mainsWater: max(2, mains))
    }
}
