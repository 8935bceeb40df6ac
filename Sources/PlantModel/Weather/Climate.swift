/// Climate normals of a site, enough to drive a seasonal + daily + synoptic weather model.
/// Figures are rounded 1991–2020 normals (China Meteorological Administration stations).
public struct Climate: Sendable, Equatable {
    /// The climates a site file may name (`site.climate`) for simulation.
    static let builtIn: [Climate] = [.yichang, .beijing, .yibin]

    public var name: String
    /// UTC offset, seconds east (China Standard Time for all three sites).
    public var utcOffset: Int = 8 * 3600
    var annualMeanC: Double
    /// Half the difference between the warmest and coldest monthly means.
    var seasonalAmplitudeC: Double
    /// Day of the year of the warmest day of the mean cycle.
    var warmestDay: Double
    /// Mean daily dry-bulb range (max − min), K.
    var dailyRangeC: Double
    /// Relative humidity: annual mean and seasonal swing (positive = humid summer).
    var meanRH: Double
    var rhSeasonalSwing: Double
    /// Standard deviation of the day-to-day (synoptic) temperature anomaly, K.
    var synopticSigmaC: Double
    /// Mains (cold) water temperature: mean, amplitude and lag behind air, days.
    var mainsMeanC: Double
    var mainsAmplitudeC: Double
    var mainsLagDays: Double

    /// Yichang, Hubei (Humanwell): Jan ≈ 5 °C, Jul ≈ 28 °C. Cold make-up water as it reaches the
    /// boiler house: 17.5 ± 12 °C, a month behind the air. Assumption, not a measurement: the Yangtze
    /// below the Three Gorges runs ≈ 10–25 °C [M], and the site's softened-water storage and buried
    /// mains move it further toward air temperature; the amplitude is what reproduces the case's 2019
    /// best month (88.29 m³/t) beside its annual mean (91.03) — HumanwellCalibrationTests.
    static let yichang = Climate(
        name: "Yichang", annualMeanC: 17.0, seasonalAmplitudeC: 11.6, warmestDay: 200,
        dailyRangeC: 7.5, meanRH: 74, rhSeasonalSwing: 4, synopticSigmaC: 2.2,
        mainsMeanC: 17.5, mainsAmplitudeC: 12.0, mainsLagDays: 30)

    /// Beijing (MOMA): Jan ≈ −3 °C, Jul ≈ 27 °C; dry spring, humid July–August.
    static let beijing = Climate(
        name: "Beijing", annualMeanC: 12.9, seasonalAmplitudeC: 15.2, warmestDay: 198,
        dailyRangeC: 10, meanRH: 55, rhSeasonalSwing: 18, synopticSigmaC: 2.6,
        mainsMeanC: 14.0, mainsAmplitudeC: 8, mainsLagDays: 30)

    /// Yibin, Sichuan (CATL-SC): Jan ≈ 8 °C, Jul ≈ 27 °C; humid all year.
    static let yibin = Climate(
        name: "Yibin", annualMeanC: 18.3, seasonalAmplitudeC: 9.8, warmestDay: 205,
        dailyRangeC: 6.5, meanRH: 80, rhSeasonalSwing: 2, synopticSigmaC: 1.8,
        mainsMeanC: 19.0, mainsAmplitudeC: 7, mainsLagDays: 25)
}
