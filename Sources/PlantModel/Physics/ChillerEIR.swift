/// The DOE-2 / EnergyPlus electric EIR chiller (Engineering Reference, Chiller:Electric:EIR):
/// AvailCap = RefCap · CAPFT(T_lchw, T_ecw); PLR = Q / AvailCap;
/// P = AvailCap / RefCOP · EIRFT · EIRFPLR(max(PLR, MinUnload)) · min(1, PLR / MinUnload).
struct ChillerEIR: Sendable {
    var curves: ChillerCurveSet
    /// Extra condenser approach from fouling, K. It raises the condensing temperature and so the
    /// lift; the curves cannot show that where their ECW input is clamped, so it is applied as the
    /// rule of thumb of ≈ 3 % more power and 1 % less capacity per kelvin of extra lift.
    var foulingK: Double = 0
    static let powerPerFoulingK = 0.03
    static let capacityPerFoulingK = 0.01

    public init(_ curves: ChillerCurveSet) { self.curves = curves }

    struct Operation: Sendable, Equatable {
        /// Cooling delivered, kW (≤ the load asked for when the machine is at its limit).
        public var cooling: Double
        var power: Double
        var plr: Double
        var availableCapacity: Double
        var cop: Double { power > 0 ? cooling / power : 0 }
        /// Heat rejected to the condenser water, kW (all compressor heat goes to the condenser).
        var condenserHeat: Double { cooling + power }
    }

    func availableCapacity(lchw: Double, ecw: Double) -> Double {
        curves.refCapacity * curves.capFT(lchw, ecw) * (1 - ChillerEIR.capacityPerFoulingK * foulingK)
    }

    /// Runs the chiller against a cooling load (kW) at leaving chilled-water and entering
    /// condenser-water temperatures (°C).
    func operate(load: Double, lchw: Double, ecw: Double) -> Operation {
        let cap = availableCapacity(lchw: lchw, ecw: ecw)
        guard load > 0, cap > 0 else { return Operation(cooling: 0, power: 0, plr: 0, availableCapacity: cap) }
        let plr = min(load / cap, curves.maxPLR)
        let cooling = plr * cap
        let cycling = min(1, plr / curves.minUnloadRatio)
        let eirPLR = curves.eirFPLR(max(plr, curves.minUnloadRatio))
        let power = cap / curves.refCOP * curves.eirFT(lchw, ecw) * eirPLR * cycling * (1 + ChillerEIR.powerPerFoulingK * foulingK)
        return Operation(cooling: cooling, power: power, plr: plr, availableCapacity: cap)
    }
}
