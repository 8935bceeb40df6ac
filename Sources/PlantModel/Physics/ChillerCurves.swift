/// A biquadratic performance curve f(x, y) = c1 + c2·x + c3·x² + c4·y + c5·y² + c6·x·y,
/// evaluated with x and y clamped to the curve's limits as EnergyPlus does.
struct Biquadratic: Sendable, Equatable {
    public var c: [Double]
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>

    func callAsFunction(_ x0: Double, _ y0: Double) -> Double {
        let x = min(max(x0, self.x.lowerBound), self.x.upperBound)
        let y = min(max(y0, self.y.lowerBound), self.y.upperBound)
        return c[0] + c[1] * x + c[2] * x * x + c[3] * y + c[4] * y * y + c[5] * x * y
    }
}

/// A quadratic curve f(p) = c1 + c2·p + c3·p², p clamped to its limits.
struct Quadratic: Sendable, Equatable {
    public var c: [Double]
    public var range: ClosedRange<Double>

    func callAsFunction(_ p0: Double) -> Double {
        let p = min(max(p0, range.lowerBound), range.upperBound)
        return c[0] + c[1] * p + c[2] * p * p
    }
}

/// One coefficient set of EnergyPlus `Chiller:Electric:EIR` with its rating point.
/// Source: NREL/EnergyPlus `datasets/Chillers.idf` (CoolTools data), as quoted in
/// energy-reference.md §3.2.
struct ChillerCurveSet: Sendable, Equatable {
    public var name: String
    var capFT: Biquadratic
    var eirFT: Biquadratic
    var eirFPLR: Quadratic
    var refCapacity: Double      // kW
    var refCOP: Double
    var refLCHW: Double          // °C
    var refECW: Double           // °C
    var minPLR: Double
    var maxPLR: Double
    var minUnloadRatio: Double

    /// Carrier 23XL 1062 kW / 5.50 COP, slide-valve screw.
    static let carrier23XL = ChillerCurveSet(
        name: "Carrier 23XL 1062kW/5.50COP/Valve",
        capFT: Biquadratic(c: [1.025695E+00, 2.327484E-02, -4.693708E-03, -7.092715E-03, -3.754967E-04, 2.843046E-03], x: 6.67...10.00, y: 21.11...29.44),
        eirFT: Biquadratic(c: [2.634070E-01, -7.025220E-03, -4.942613E-04, 2.516931E-02, 1.712769E-04, -4.309735E-04], x: 6.67...10.00, y: 21.11...29.44),
        eirFPLR: Quadratic(c: [2.576261E-01, 3.416910E-01, 4.007672E-01], range: 0.20...1.01),
        refCapacity: 1062, refCOP: 5.50, refLCHW: 6.67, refECW: 29.44,
        minPLR: 0.20, maxPLR: 1.01, minUnloadRatio: 0.20)

    /// Carrier 19XR 1143 kW / 6.57 COP, variable-speed centrifugal: the proxy for a
    /// magnetic-bearing machine (none exists in the dataset).
    static let carrier19XRVSD = ChillerCurveSet(
        name: "Carrier 19XR 1143kW/6.57COP/VSD",
        capFT: Biquadratic(c: [7.939538E-01, 4.096493E-02, -1.419397E-03, -1.639813E-03, -5.220497E-04, 1.348786E-03], x: 7.22...12.78, y: 12.78...26.67),
        eirFT: Biquadratic(c: [9.475580E-01, -1.187942E-02, 8.799326E-05, 2.250775E-04, 1.815775E-04, 2.178409E-04], x: 7.22...12.78, y: 12.78...26.67),
        eirFPLR: Quadratic(c: [1.408822E-01, -1.578153E-01, 1.014316E+00], range: 0.20...1.03),
        refCapacity: 1142.9, refCOP: 6.57, refLCHW: 10.00, refECW: 26.67,
        minPLR: 0.20, maxPLR: 1.03, minUnloadRatio: 0.20)

    /// DOE-2.1E centrifugal (HERM-CENT-CAP-FT / EIR-FT / EIR-FPLR), COP 5.5, capacity to be scaled.
    static let doe2Centrifugal = ChillerCurveSet(
        name: "DOE-2 Centrifugal/5.50COP",
        capFT: Biquadratic(c: [0.257896, 0.0389016, -0.00021708, 0.0468684, -0.00094284, -0.00034344], x: 5.0...10.0, y: 24.0...35.0),
        eirFT: Biquadratic(c: [0.933884, -0.058212, 0.00450036, 0.00243, 0.000486, -0.001215], x: 5.0...10.0, y: 24.0...35.0),
        eirFPLR: Quadratic(c: [0.222903, 0.313387, 0.463710], range: 0.0...1.0),
        refCapacity: 1000, refCOP: 5.5, refLCHW: 6.67, refECW: 29.4,
        minPLR: 0.1, maxPLR: 1.0, minUnloadRatio: 0.2)

    /// The same curves rated at another capacity and COP (the rating point stays).
    func scaled(capacity: Double, cop: Double, name: String? = nil) -> ChillerCurveSet {
        var s = self
        s.refCapacity = capacity
        s.refCOP = cop
        if let name { s.name = name }
        return s
    }

    /// Divides CAPFT and EIRFT by their values at the rating point so that both are exactly
    /// 1 there. The 19XR set's EIRFT is 1.0308 at its own reference; uncorrected, its rated
    /// COP would silently be 3 % worse than stated.
    public func normalised() -> ChillerCurveSet {
        var s = self
        let cap = capFT(refLCHW, refECW), eir = eirFT(refLCHW, refECW)
        s.capFT.c = capFT.c.map { $0 / cap }
        s.eirFT.c = eirFT.c.map { $0 / eir }
        return s
    }
}
