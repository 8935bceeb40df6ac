/// A named operating configuration of a plant, plus any extra measures switched on by flag.
public struct ScenarioInfo: Sendable, Equatable {
    public var id: String
    public var summary: String
    /// Measures this scenario has by itself.
    public var measures: Set<String>

    public init(_ id: String, _ summary: String, measures: Set<String> = []) {
        self.id = id
        self.summary = summary
        self.measures = measures
    }
}

/// An energy-saving measure that can be switched on for any scenario.
public struct MeasureInfo: Sendable, Equatable {
    public var id: String
    public var summary: String
    public init(_ id: String, _ summary: String) {
        self.id = id
        self.summary = summary
    }
}

/// What a simulator is asked to run.
public struct ScenarioConfig: Sendable, Equatable {
    public var scenario: String
    public var measures: Set<String>
    public init(scenario: String, measures: Set<String>) {
        self.scenario = scenario
        self.measures = measures
    }
    public func has(_ m: String) -> Bool { measures.contains(m) }
}
