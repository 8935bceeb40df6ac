/// The physics of one plant: given the instant, the step and the weather, it writes the
/// true value of every tag that is not a totaliser into `values` (registry order).
/// Totalisers, noise, rounding and meter faults are the simulation's business, not the plant's.
public protocol PlantSimulator: Sendable {
    mutating func step(at t: Double, dt: Double, weather: WeatherSample, faults: FaultSchedule, into values: inout [Double])
}

/// A built-in plant: its tags, scenarios, measures, KPIs and the simulator that runs it.
public struct PlantDefinition: Sendable {
    public var id: String
    public var title: String
    public var site: String
    public var climate: Climate
    public var factors: EnergyFactors
    public var tags: TagRegistry
    public var scenarios: [ScenarioInfo]
    public var measures: [MeasureInfo]
    /// Physical faults this plant's physics responds to (meter faults apply to every plant).
    public var physicalFaults: [FaultSpec.Kind]
    /// Where an unqualified simulation starts, so the default run lands in the case's season.
    public var defaultStart: CivilTime
    public var makeKPIs: @Sendable (EnergyFactors) -> [KPIDefinition]
    public var makeSimulator: @Sendable (ScenarioConfig, UInt64) -> any PlantSimulator

    public var utcOffset: Int { climate.utcOffset }

    public func kpis(factors: EnergyFactors? = nil) -> [KPIDefinition] { makeKPIs(factors ?? self.factors) }

    public func scenario(_ id: String) -> ScenarioInfo? { scenarios.first { $0.id == id } }

    public var supportedFaults: [FaultSpec.Kind] {
        physicalFaults + [.stuckSensor, .meterDropout, .totaliserRollover, .meterBias, .sensorDrift]
    }
}

public enum PlantCatalog {
    public static let all: [PlantDefinition] = [CATLPlant.definition, HumanwellPlant.definition, MOMAPlant.definition]

    public static func plant(_ id: String) -> PlantDefinition? { all.first { $0.id == id } }
}
