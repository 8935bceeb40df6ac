/// The physics of one plant: given the instant, the step and the weather, it writes the
/// true value of every tag that is not a totaliser into `values` (registry order).
/// Totalisers, noise, rounding and meter faults are the simulation's business, not the plant's.
public protocol PlantSimulator: Sendable {
    mutating func step(at t: Double, dt: Double, weather: WeatherSample, faults: FaultSchedule, into values: inout [Double])
}

/// A physics simulator a site file can attach by id (`site.simulator`): what it needs of the site
/// (its tags, in the order it writes them) and what it offers (scenarios, measures, faults).
/// The three built-in plants each register one from their own folder.
public struct SimulatorInfo: Sendable {
    public var id: String
    /// The tag ids the simulator writes, in the order it writes them: a site that attaches it must
    /// declare exactly these tags in this order (aliases, ranges and the rest are the site's own).
    var tagIDs: [String]
    public var scenarios: [ScenarioInfo]
    public var measures: [MeasureInfo]
    /// Physical faults this plant's physics responds to (meter faults apply to every plant).
    public var physicalFaults: [FaultSpec.Kind]
    /// Where an unqualified simulation starts, so the default run lands in the case's season.
    public var defaultStart: CivilTime
    /// Chiller curve sets the site file may name (`chiller_curves.installations`).
    var chillerCurves: [String: ReformulatedEIRChiller] = [:]
    /// Local months the plant runs (MOMA's chillers: May–September); nil = all year. The live
    /// dashboard moves an out-of-season plant's clock into its last season.
    public var season: ClosedRange<Int>?
    public var make: @Sendable (ScenarioConfig, UInt64) -> any PlantSimulator

    public init(id: String, tagIDs: [String], scenarios: [ScenarioInfo], measures: [MeasureInfo] = [], physicalFaults: [FaultSpec.Kind],
                defaultStart: CivilTime, chillerCurves: [String: ReformulatedEIRChiller] = [:], season: ClosedRange<Int>? = nil,
                make: @escaping @Sendable (ScenarioConfig, UInt64) -> any PlantSimulator) {
        self.id = id; self.tagIDs = tagIDs; self.scenarios = scenarios; self.measures = measures
        self.physicalFaults = physicalFaults; self.defaultStart = defaultStart; self.chillerCurves = chillerCurves
        self.season = season; self.make = make
    }
}

/// A plant as its site file describes it: tags, KPIs, alarms, baselines, dashboard; and, where the
/// site attaches one, the simulator that runs it.
public struct PlantDefinition: Sendable {
    public var id: String
    public var title: String
    /// Where it is ("Yichang, Hubei").
    public var site: String
    /// Seconds east of UTC of the plant's local (standard) time: days, shifts and logs without an
    /// offset are in it.
    public var utcOffset: Int
    /// Weather normals for simulation (site files name a built-in climate).
    var climate: Climate?
    public var factors: EnergyFactors
    public var tags: TagRegistry
    var makeKPIs: @Sendable (EnergyFactors) -> [KPIDefinition]
    /// Alarm rules out of the box (before `--config`).
    public var alarmRules: [AlarmRule] = []
    /// Whole-plant energy baseline (compare, drift).
    public var energyBaseline: BaselineSpec?
    public var drift: [DriftSpec] = []
    /// Chiller power against curves, where the site has chillers.
    var chillerCurves: ChillerCurveConfig?
    /// The KPIs the overview shows first.
    public var headline: [String] = []
    /// Equipment state tags the detail view lists.
    public var equipment: [String] = []
    public var simulator: SimulatorInfo?
    /// Shifts and the teams rotating through them (site file `shifts`, `teams`).
    public var shifts: ShiftCalendar?
    /// Scope 1, scope 2 (both methods), offsets and net (site file `carbon`).
    public var carbon: CarbonLedger?
    /// Time-of-use electricity prices and demand charge (site file `tariff`).
    public var tariff: Tariff?
    /// Sub-metered parts of the electricity (site file `split`), for `compare`.
    public var split: EnergySplit?
    /// The site file's text (built-in plants: the bundled file), for `site export`.
    public var siteText: String?

    public init(id: String, title: String, site: String, utcOffset: Int, climate: Climate?, factors: EnergyFactors, tags: TagRegistry,
                makeKPIs: @escaping @Sendable (EnergyFactors) -> [KPIDefinition]) {
        self.id = id; self.title = title; self.site = site; self.utcOffset = utcOffset; self.climate = climate
        self.factors = factors; self.tags = tags; self.makeKPIs = makeKPIs
    }

    public func kpis(factors: EnergyFactors? = nil) -> [KPIDefinition] { makeKPIs(factors ?? self.factors) }

    public var scenarios: [ScenarioInfo] { simulator?.scenarios ?? [] }
    /// The months its simulated physics runs (nil: all year, or no simulator).
    public var season: ClosedRange<Int>? { simulator?.season }
    public var measures: [MeasureInfo] { simulator?.measures ?? [] }

    public func scenario(_ id: String) -> ScenarioInfo? { scenarios.first { $0.id == id } }

    public var supportedFaults: [FaultSpec.Kind] {
        guard let s = simulator else { return [] }
        return s.physicalFaults + [.stuckSensor, .meterDropout, .totaliserRollover, .meterBias, .sensorDrift]
    }

    /// A KPI's short label for narrow places (the site's `label`, else its id).
    public func label(_ k: KPIDefinition) -> String { k.label ?? k.id }
}

/// The built-in plants: the site files bundled with the package, each with its simulator.
public enum PlantCatalog {
    /// Each plant's folder registers its simulator here, with its bundled site file.
    static let builtIn: [(site: [UInt8], name: String, simulator: SimulatorInfo)] = [
        (PackageResources.catl_yaml, "catl.yaml", CATLPlant.simulator),
        (PackageResources.humanwell_yaml, "humanwell.yaml", HumanwellPlant.simulator),
        (PackageResources.moma_yaml, "moma.yaml", MOMAPlant.simulator),
    ]

    static var simulators: [SimulatorInfo] { builtIn.map(\.simulator) }

    public static let all: [PlantDefinition] = builtIn.map { entry in
        do {
            return try SiteLoader.load(text: String(decoding: entry.site, as: UTF8.self), file: "<built-in>/" + entry.name)
        } catch {
            // The bundled files are checked by the tests; a broken one is a build defect.
            fatalError("built-in site file \(entry.name): \(error)")
        }
    }

    public static func plant(_ id: String) -> PlantDefinition? { all.first { $0.id == id } }
}
