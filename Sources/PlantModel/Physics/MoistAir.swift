import Foundation

/// Moist air at sea-level pressure (ASHRAE Handbook — Fundamentals 2017, ch. 1):
/// humidity ratio W = 0.621945·p_w ÷ (p − p_w) (eq. 20, 22) and enthalpy
/// h = 1.006·t + W·(2501 + 1.86·t) kJ/kg dry air (eq. 32). The saturation vapour pressure is
/// Alduchov & Eskridge's (1996, J. Appl. Meteor. 35, 601–609): over water AERK
/// 0.61094·e^(17.625·t/(t + 243.04)) kPa, over ice AERKi 0.61121·e^(22.587·t/(t + 273.86)) kPa.
/// Checked against psychrolib (Hyland–Wexler) in CATLPhysicsTests and Tests/e2e/physics_peers.py.
/// (The wet-bulb, Stull 2011, is in Weather/Psychrometrics.swift.)
extension Psychrometrics {
    /// Standard atmosphere, kPa.
    static let pressure = 101.325

    /// Saturation vapour pressure over water, kPa (the form the cooling towers use above 0 °C).
    static func saturationPressureOverWater(_ t: Double) -> Double {
        0.61094 * exp(17.625 * t / (t + 243.04))
    }

    /// Saturation vapour pressure, kPa: over water at and above 0 °C, over ice below (dew points of
    /// dry rooms are frost points).
    static func saturationPressure(_ t: Double) -> Double {
        t >= 0 ? saturationPressureOverWater(t) : 0.61121 * exp(22.587 * t / (t + 273.86))
    }

    /// Humidity ratio, kg water per kg dry air, of air whose vapour pressure is `pw` kPa.
    static func humidityRatio(vapourPressure pw: Double) -> Double {
        0.621945 * pw / (pressure - pw)
    }

    /// Humidity ratio at a dry-bulb and relative humidity (0–100 %).
    static func humidityRatio(dryBulb t: Double, relativeHumidity rh: Double) -> Double {
        humidityRatio(vapourPressure: min(max(rh, 0), 100) / 100 * saturationPressure(t))
    }

    /// Humidity ratio of air at a dew (frost) point.
    static func humidityRatio(dewPoint td: Double) -> Double {
        humidityRatio(vapourPressure: saturationPressure(td))
    }

    /// Moist-air enthalpy, kJ/kg dry air.
    static func enthalpy(dryBulb t: Double, humidityRatio w: Double) -> Double {
        1.006 * t + w * (2501 + 1.86 * t)
    }
}
