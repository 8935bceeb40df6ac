/// A value with its unit. Arithmetic across units goes through `converted(to:)`, which
/// refuses conversions between dimensions instead of guessing.
public struct Quantity: Sendable, Equatable, CustomStringConvertible {
    public var value: Double
    public var unit: Unit

    public init(_ value: Double, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    func converted(to target: Unit) throws -> Quantity {
        Quantity(try UnitConversion.convert(value, from: unit, to: target), target)
    }

    public var description: String {
        let sym = unit.symbol
        return sym.isEmpty ? "\(value)" : "\(value) \(sym)"
    }
}

struct UnitMismatch: Error, CustomStringConvertible, Equatable {
    public let from: Unit
    public let to: Unit
    public var description: String { "cannot convert \(from.symbol) (\(from.dimension)) to \(to.symbol) (\(to.dimension))" }
}

/// Explicit conversions between units of the same dimension.
enum UnitConversion {
    /// Factor and offset that map a unit onto its dimension's base unit:
    /// base = value · factor + offset. Bases: m³, m³/h, t, t/h, kW, kWh, °C, MPa, fraction, kg CO₂e, kgce, CNY.
    static func toBase(_ u: Unit) -> (factor: Double, offset: Double) {
        switch u {
        case .megawattHour: return (1000, 0)
        case .gigajoule: return (1e6 / 3600, 0)       // 1 GJ = 277.78 kWh
        case .megajoule: return (1e3 / 3600, 0)       // 1 MJ = 0.27778 kWh
        case .kelvin: return (1, -273.15)
        case .percent: return (0.01, 0)
        case .tonneCO2e: return (1000, 0)
        case .tonneCoalEquivalent: return (1000, 0)
        default: return (1, 0)
        }
    }

    static func convert(_ value: Double, from: Unit, to: Unit) throws -> Double {
        if from == to { return value }
        guard from.dimension == to.dimension else { throw UnitMismatch(from: from, to: to) }
        let a = toBase(from), b = toBase(to)
        return (value * a.factor + a.offset - b.offset) / b.factor
    }

    /// Integrates a rate over a duration: m³/h × s → m³, kW × s → kWh.
    static func integrate(_ rate: Quantity, seconds: Double) throws -> Quantity {
        guard let target = rate.unit.integrated else { throw UnitMismatch(from: rate.unit, to: rate.unit) }
        return Quantity(rate.value * seconds / 3600, target)
    }
}
