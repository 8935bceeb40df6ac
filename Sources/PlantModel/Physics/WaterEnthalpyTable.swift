/// Enthalpy of liquid water at one pressure, tabulated from IF97 region 1 every 0.5 K
/// over 0–150 °C. A simulated year evaluates it half a million times; the full region-1
/// sum costs ~200 `pow` calls, the table two loads. Linear interpolation error < 0.005 kJ/kg.
struct WaterEnthalpyTable: Sendable {
    let pressureMPa: Double
    private let h: [Double]
    private static let step = 0.5
    private static let maxC = 150.0

    public init(pressureMPa: Double) {
        self.pressureMPa = pressureMPa
        let n = Int(WaterEnthalpyTable.maxC / WaterEnthalpyTable.step) + 1
        h = (0..<n).map { IF97.waterEnthalpy(celsius: max(0.01, Double($0) * WaterEnthalpyTable.step), pressureMPa: pressureMPa) }
    }

    /// kJ/kg at `t` °C (clamped to 0.01–150 °C).
    func enthalpy(celsius t: Double) -> Double {
        let x = min(max(t, 0.01), WaterEnthalpyTable.maxC - 1e-9) / WaterEnthalpyTable.step
        let i = Int(x)
        let f = x - Double(i)
        return h[i] + (h[i + 1] - h[i]) * f
    }

    /// Inverse: the temperature whose enthalpy is `hk` kJ/kg.
    public func temperature(enthalpy hk: Double) -> Double {
        var lo = 0, hi = h.count - 1
        if hk <= h[0] { return 0.01 }
        if hk >= h[hi] { return WaterEnthalpyTable.maxC }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if h[mid] <= hk { lo = mid } else { hi = mid }
        }
        let f = (hk - h[lo]) / (h[hi] - h[lo])
        return (Double(lo) + f) * WaterEnthalpyTable.step
    }
}
