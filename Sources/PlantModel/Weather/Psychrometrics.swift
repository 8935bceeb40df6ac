enum Psychrometrics {
    /// Wet-bulb temperature, °C, from dry-bulb (°C) and relative humidity (%), by Stull (2011),
    /// "Wet-Bulb Temperature from Relative Humidity and Air Temperature", J. Appl. Meteor. Climatol.
    /// Valid for RH 5–99 % and −20–50 °C at sea-level pressure; error within about ±0.3 K.
    static func wetBulb(dryBulb t: Double, relativeHumidity rh0: Double) -> Double {
        let rh = min(max(rh0, 5), 99)
        return t * atan(0.151977 * (rh + 8.313659).squareRoot())
            + atan(t + rh) - atan(rh - 1.676331)
            + 0.00391838 * pow(rh, 1.5) * atan(0.023101 * rh) - 4.686035
    }
}
