@testable import PlantModel

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

/// Steps a plant's simulator hourly from `from` for `days`, on its climate at seed 1, and hands each
/// hour's true values (before meters) to `body` — what the physical-bound tests read.
@discardableResult
func stepHourly<S: PlantSimulator>(_ sim: S, plant: PlantDefinition, climate: Climate, from: CivilTime, days: Int,
                                   _ body: (Double, WeatherSample, [Double]) -> Void) -> S {
    var sim = sim
    var weather = WeatherModel(climate: climate, seed: 1)
    var v = Array(repeating: 0.0, count: plant.tags.count)
    let start = from.epoch(offset: 8 * 3600)
    for h in 1...(days * 24) {
        let t = start + Double(h) * 3600
        let w = weather.sample(at: t)
        sim.step(at: t, dt: 3600, weather: w, faults: FaultSchedule([]), into: &v)
        body(t, w, v)
    }
    return sim
}

/// One logged hour of a boiler: |direct efficiency − (1 − Siegert stack − shell − blowdown)|, with the
/// feed (`feed` t/h at `feedC`) the steam plus the blowdown, gas at 35.544 MJ/m³.
func boilerBalanceGap(_ boiler: SteamBoiler, steam: Double, gas: Double, feed: Double, feedC: Double,
                      flueC: Double, airC: Double, o2: Double, load: Double) -> Double {
    let hfw = boiler.water.enthalpy(celsius: feedC)
    let fuel = gas * 35.544
    let direct = steam * (boiler.steamEnthalpy - hfw) / fuel
    let stack = SteamBoiler.stackLoss(flueC: flueC, airC: airC, o2: o2)
    let bd = (feed - steam) * (boiler.liquidEnthalpy - hfw) / fuel
    return abs(direct - (1 - stack - boiler.shellLoss(load: load) - bd))
}

/// A messy wide log of Humanwell for the reader's property tests: bad cells, quoted numbers and
/// commas, CRLF endings, comments, blank lines, extra cells, and timestamps repeated, out of order
/// or an hour apart.
enum MessyWideLog {
    static let tags = ["steam_flow", "gas_flow", "feedwater_temp", "flue_o2"]
    static let header = "# a comment\r\ntimestamp," + tags.joined(separator: ",") + "\n"

    /// Moves `t` on and returns the next line, with its line ending; `pick(n)` draws from 0..<n.
    static func line(_ t: inout Int, _ pick: (Int) -> Int) -> String {
        t += [60, 60, 60, 0, -60, 3600][pick(6)]
        var cells = ["\(t)"]
        for _ in tags {
            switch pick(12) {
            case 0: cells.append("")
            case 1: cells.append("abc")
            case 2: cells.append("\"\(pick(100)).5\"")
            case 3: cells.append("\"1,5\"")
            case 4: cells.append("-5")
            case 5: cells.append("1e400")
            default: cells.append("\(pick(10)).\(pick(1000))")
            }
        }
        var line = cells.joined(separator: ",")
        if pick(20) == 0 { line = "# comment " + line }
        if pick(25) == 0 { line = "" }
        if pick(30) == 0 { line += ",extra" }
        return line + (pick(3) == 0 ? "\r\n" : "\n")
    }

    /// A row as text, values by bit pattern: what two reads must agree on exactly.
    static func render(_ row: ReadingRow) -> String {
        "\(row.time):" + (0..<row.count).map { "\(row.tags[$0])=\(row.values[$0].bitPattern)" }.joined(separator: ",")
    }
}
