/// A unit of measure carried by every tag and KPI.
///
/// The set is closed on purpose: a plant's meters report in a handful of units, and a closed
/// enum lets the compiler check every conversion and every formatting switch.
public enum Unit: String, CaseIterable, Sendable, Codable {
    case cubicMetre = "m3"
    case cubicMetrePerHour = "m3/h"
    case tonne = "t"
    case tonnePerHour = "t/h"
    case kilowatt = "kW"
    case kilowattHour = "kWh"
    case megawattHour = "MWh"
    case gigajoule = "GJ"
    case megajoule = "MJ"
    case degreeCelsius = "degC"
    case kelvin = "K"
    case megapascal = "MPa"
    case percent = "%"
    case fraction = "1"
    case kilogramCO2e = "kgCO2e"
    case tonneCO2e = "tCO2e"
    case kilogramCoalEquivalent = "kgce"
    case tonneCoalEquivalent = "tce"
    case yuan = "CNY"
    case yuanPerKilowattHour = "CNY/kWh"
    case cubicMetrePerTonne = "m3/t"
    case kilowattPerKilowatt = "kW/kW"
    case coefficientOfPerformance = "COP"
    case state = "state"
    case unitsPerHour = "units/h"
    case units = "units"

    /// The symbol people read, with proper superscripts and subscripts.
    public var symbol: String {
        switch self {
        case .cubicMetre: return "m³"
        case .cubicMetrePerHour: return "m³/h"
        case .degreeCelsius: return "°C"
        case .kilogramCO2e: return "kg CO₂e"
        case .tonneCO2e: return "t CO₂e"
        case .cubicMetrePerTonne: return "m³/t"
        case .fraction: return ""
        case .coefficientOfPerformance: return ""
        default: return rawValue
        }
    }

    /// The symbol in plain ASCII, for terminals and files that cannot show Unicode.
    public var ascii: String { rawValue }

    /// Accepts either spelling, plus a few common historian variants.
    public init?(symbol: String) {
        let s = symbol.trimmed
        if let u = Unit(rawValue: s) { self = u; return }
        if let u = Unit.allCases.first(where: { $0.symbol == s && !$0.symbol.isEmpty }) { self = u; return }
        switch s.lowercased() {
        case "m³", "nm3", "nm³": self = .cubicMetre
        case "m³/h", "nm3/h", "nm³/h": self = .cubicMetrePerHour
        case "°c", "c", "celsius", "degc", "deg c": self = .degreeCelsius
        case "kwh": self = .kilowattHour
        case "kw": self = .kilowatt
        case "mpa": self = .megapascal
        case "cny", "rmb", "yuan": self = .yuan
        default: return nil
        }
    }

    var dimension: Dimension {
        switch self {
        case .cubicMetre: return .volume
        case .cubicMetrePerHour: return .volumeFlow
        case .tonne: return .mass
        case .tonnePerHour: return .massFlow
        case .kilowatt: return .power
        case .kilowattHour, .megawattHour, .gigajoule, .megajoule: return .energy
        case .degreeCelsius, .kelvin: return .temperature
        case .megapascal: return .pressure
        case .percent, .fraction: return .ratio
        case .kilogramCO2e, .tonneCO2e: return .emissions
        case .kilogramCoalEquivalent, .tonneCoalEquivalent: return .coalEquivalent
        case .yuan: return .money
        case .yuanPerKilowattHour: return .price
        case .cubicMetrePerTonne: return .specificVolume
        case .kilowattPerKilowatt, .coefficientOfPerformance: return .efficiency
        case .state: return .state
        case .unitsPerHour: return .countFlow
        case .units: return .count
        }
    }

    /// The unit a rate integrates to over time (m³/h → m³), if it is a rate.
    var integrated: Unit? {
        switch self {
        case .cubicMetrePerHour: return .cubicMetre
        case .tonnePerHour: return .tonne
        case .kilowatt: return .kilowattHour
        case .unitsPerHour: return .units
        default: return nil
        }
    }
}

enum Dimension: String, Sendable {
    case volume, volumeFlow, mass, massFlow, power, energy, temperature, pressure, ratio
    case emissions, coalEquivalent, money, price, specificVolume, efficiency, state, countFlow, count
}
