import Foundation

/// An oil-injected rotary-screw air compressor (electric input, free air delivery in m³/min).
///
/// Pressure: the compression work per unit of free air follows the polytropic work ratio
/// ((p_d/p_a)^((κ−1)/κ) − 1) with κ = 1.4 (near-isothermal oil-injected compression scales the
/// same way), so power at a discharge pressure p is P_rated · w(p) ÷ w(p_rated). Near 7 bar(g) this
/// gives ≈ 1 % per 2 psi (13.8 kPa) — the DOE rule of thumb ("Improving Compressed Air System
/// Performance: A Sourcebook for Industry", US DOE/CAC 2003, Fact Sheet #9 "Pressure Drop and
/// Controlling System Pressure"), which AirCompressorTests checks.
///
/// Part load, by control (the same Sourcebook, Fact Sheet #8 "Compressed Air System Controls", and
/// CAGI data sheets for VSD compressors [M]):
/// - load/unload: the machine is either loaded (full power) or unloaded at `unloadedPower` of full
///   power; with adequate receiver storage the mean power is linear in capacity:
///   P/P_full = u + (1 − u)·c;
/// - variable speed: P/P_full = v₀ + (1 − v₀)·c down to `minSpeed`, cycling below it.
struct AirCompressor: Sendable {
    enum Control: Sendable { case loadUnload, variableSpeed }

    /// Input power at full load and the rated discharge pressure, kW.
    var ratedPower: Double
    /// Free air delivery at full load, m³/min.
    var ratedFlow: Double
    /// Rated discharge pressure, MPa(g).
    var ratedPressure = 0.7
    /// Unloaded power of a lubricated screw after blow-down, fraction of full (Sourcebook: 25–35 %).
    static let unloadedPower = 0.30
    /// VSD power at zero flow on the linear part-load line, fraction of full [M: CAGI VSD data sheets
    /// show specific power within ≈ 10–15 % of full-load between 40 % and 100 % flow].
    static let vsdOffset = 0.10
    static let minSpeed = 0.30
    /// Atmospheric pressure, MPa.
    static let atmosphere = 0.101325

    /// Compression work ratio at a discharge pressure, MPa(g).
    static func workRatio(pressure p: Double) -> Double {
        pow((p + atmosphere) / atmosphere, 0.4 / 1.4) - 1
    }

    /// Full-load power at discharge pressure `p` MPa(g), kW.
    func fullPower(pressure p: Double) -> Double {
        ratedPower * AirCompressor.workRatio(pressure: p) / AirCompressor.workRatio(pressure: ratedPressure)
    }

    /// Mean input power, kW, delivering `flow` m³/min (≤ rated) at `pressure` MPa(g).
    func power(flow: Double, pressure: Double, control: Control) -> Double {
        let c = min(1, max(0, flow / ratedFlow))
        let full = fullPower(pressure: pressure)
        switch control {
        case .loadUnload:
            return full * (AirCompressor.unloadedPower + (1 - AirCompressor.unloadedPower) * c)
        case .variableSpeed:
            let v0 = AirCompressor.vsdOffset
            if c >= AirCompressor.minSpeed { return full * (v0 + (1 - v0) * c) }
            // Below minimum speed the machine runs at minimum speed for a duty c/minSpeed and stops.
            return full * (v0 + (1 - v0) * AirCompressor.minSpeed) * c / AirCompressor.minSpeed
        }
    }
}
