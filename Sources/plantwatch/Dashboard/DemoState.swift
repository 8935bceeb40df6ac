import PlantModel

extension DashboardState {
    /// A dashboard state from deterministic simulations: 24 h of each plant up to a fixed instant,
    /// the second (Humanwell) on its 2019 baseline with its gas meter silent for the last hour, so that alarms
    /// of two priorities are up. Used by the snapshot tests and the render benchmark.
    static func demo(width: Int, height: Int, screen: Screen = .overview, plant: Int = 1) throws -> DashboardState {
        let end = CivilTime(year: 2019, month: 7, day: 16, hour: 12).epoch(offset: 8 * 3600)
        var monitors: [PlantMonitor] = [], labels: [String] = []
        for (n, p) in PlantCatalog.all.enumerated() {
            // The second plant runs its first ("before") scenario with the meter of its first
            // stale-data rule silent for the last hour; the others their newest scenario.
            let incident = n == 1
            let scen = incident ? p.scenarios[0] : p.scenarios.last!
            // And the sensor of its first stuck-sensor rule frozen for the last two hours: a second
            // alarm of another priority, as the alarm list and its filters need.
            let silent = p.alarmRules.first { $0.kind == .stale }?.target
            let frozen = p.alarmRules.first { $0.kind == .flatline }?.target
            let faults = incident ? (silent.map { [FaultSpec(kind: .meterDropout, tag: $0, start: end - 3600)] } ?? [])
                + (frozen.map { [FaultSpec(kind: .stuckSensor, tag: $0, start: end - 7200)] } ?? []) : []
            let sim = try Simulation(plant: p, config: ScenarioConfig(scenario: scen.id, measures: scen.measures), seed: 1,
                                     start: end - 86_400, step: 60, duration: 86_400 + 1, faults: faults)
            var source = SimulationSource(simulation: sim)
            var m = try PlantMonitor(plant: p)
            _ = source.advance(to: end, limit: .max) { m.ingest($0) }
            monitors.append(m)
            labels.append(source.label)
        }
        var s = DashboardState(monitors: monitors, sourceLabels: labels, mode: .live, simTime: end)
        s.width = width
        s.height = height
        s.screen = screen
        s.selectedPlant = plant
        return s
    }
}
