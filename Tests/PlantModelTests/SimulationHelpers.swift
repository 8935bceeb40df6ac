import PlantModel

/// Runs a plant over a period and feeds a whole-period KPI accumulator, optionally one per month.
struct SimRun {
    var total: KPIAccumulator
    var months: [Int: KPIAccumulator] = [:]
    var rows: [(time: Double, values: [Double])] = []
}

func simulate(_ plantID: String, scenario: String, measures: Set<String> = [], from: CivilTime, days: Double,
              step: Double = 3600, seed: UInt64 = 1, faults: [FaultSpec] = [], byMonth: Bool = false, keepRows: Bool = false) throws -> SimRun {
    let plant = PlantCatalog.plant(plantID)!
    let scen = plant.scenario(scenario)!
    let config = ScenarioConfig(scenario: scenario, measures: scen.measures.union(measures))
    var sim = try Simulation(plant: plant, config: config, seed: seed, start: from.epoch(offset: plant.utcOffset),
                             step: step, duration: days * 86_400, faults: faults)
    let kpis = plant.kpis()
    var run = SimRun(total: KPIAccumulator(registry: plant.tags, kpis: kpis))
    var row: [Double] = []
    var lastMonth = -1
    while let t = sim.next(into: &row) {
        run.total.add(time: t, values: row)
        if byMonth {
            let m = CivilTime(epoch: t, offset: plant.utcOffset).month
            if m != lastMonth, let prev = run.months[lastMonth] {
                // The first row of a month closes the previous month's last step as well.
                var p = prev
                p.add(time: t, values: row)
                run.months[lastMonth] = p
            }
            var acc = run.months[m] ?? KPIAccumulator(registry: plant.tags, kpis: kpis)
            acc.add(time: t, values: row)
            run.months[m] = acc
            lastMonth = m
        }
        if keepRows { run.rows.append((t, row)) }
    }
    return run
}
