import Foundation
import Testing
@testable import PlantModel

/// Feeds rows of (tag id → value) to a report over everything; returns the total of each KPI.
func totals(_ plant: PlantDefinition, _ rows: [(Double, [String: Double])]) throws -> [String: Double?] {
    var run = try PlantPipeline(plant: plant, stages: .report(every: .all, drift: false), rules: [])
    for (t, values) in rows {
        let ids = values.keys.sorted()
        ReadingRow.with(time: t, tags: ids.map { Int32(plant.tags.index(of: $0)!) }, values: ids.map { values[$0]! }) { run.ingest($0) }
    }
    run.finish()
    let r = run.report!
    var out: [String: Double?] = [:]
    for (k, def) in r.slots.kpis.enumerated() { out[def.id] = r.evaluate(k, sums: r.totals, seconds: r.lastTime - r.firstTime).value }
    return out
}

@Suite struct CarbonTariffTests {
    let catl = PlantCatalog.plant("catl")!

    @Test func catlCarbonLedgerByHand() throws {
        // One hour of 2021 in which the gas meter advances 1000 m³, hydropower 8000 kWh and the
        // grid 2000 kWh.
        let t0 = ISO8601.parse("2021-06-01T00:00:00+08:00", defaultOffset: 0)!
        let k = try totals(catl, [(t0, ["gas_total": 5000, "elec_hydro_total": 1e6, "elec_grid_total": 3e5]),
                                  (t0 + 3600, ["gas_total": 6000, "elec_hydro_total": 1.008e6, "elec_grid_total": 3.02e5])])
        func near(_ id: String, _ expected: Double) {
            let v = k[id]!!
            #expect(abs(v - expected) <= 1e-9 * abs(expected), "\(id): \(v) vs \(expected)")
        }
        // Scope 1: 1000 m³ × 55.539 kg/GJ (GB/T 32151 defaults) × 35.544 MJ/m³ = 1.974078… t.
        let scope1 = 55.539 * 35.544 / 1000
        near("co2e_scope1_t", scope1)
        // Location-based: all 10,000 kWh × 0.1404 kg/kWh (Sichuan 2022) = 1.404 t.
        near("co2e_scope2_location_t", 1.404)
        // Market-based: 8000 kWh of hydropower contracts × 0 + 2000 kWh × 0.5856 (residual) = 1.1712 t.
        near("co2e_scope2_market_t", 1.1712)
        // Offsets: 208,000 t retired for 2021 (8760 h), one hour of it = 23.744292… t.
        near("offsets_t", 208_000.0 / 8760)
        // Net = 1.974078 + 1.1712 − 23.744292… = −20.599014… t: this hour is net zero.
        near("co2e_net_t", scope1 + 1.1712 - 208_000.0 / 8760)
        // The existing accounting KPI: hydro 0 and grid 0.1404 kg/kWh, plus gas.
        near("co2e_t", scope1 + 2000 * 0.1404 / 1000)
    }

    @Test func offsetsFollowTheCalendarNotTheMeters() throws {
        // Rows an hour apart across New Year 2022: only the 2021 half of the interval carries
        // 2021's retirement; 2022 has none entered.
        let t = ISO8601.parse("2021-12-31T23:30:00+08:00", defaultOffset: 0)!
        let k = try totals(catl, [(t, ["elec_grid_total": 0]), (t + 3600, ["elec_grid_total": 100])])
        #expect(abs(k["offsets_t"]!! - 208_000.0 / 8760 / 2) < 1e-9)
    }

    @Test func timeOfUseCostOfAHandComputedDay() throws {
        // 2021-03-01, local day, the grid meter read every 45 minutes (so intervals straddle the
        // tariff's boundaries at 07:00, 11:00 …): 1000 kW all day, 2000 kW from 09:00 to 09:45.
        // Peak 08–11 and 18–23 h (8 h at 0.96), valley 23–07 h (8 h at 0.24), flat the other 8 h (0.60):
        //   1000 kW: 1000 × (8 × 0.96 + 8 × 0.24 + 8 × 0.60) = 14,400 CNY for 24,000 kWh;
        //   the extra 750 kWh at peak: 720 CNY → 15,120 CNY for 24,750 kWh, 0.610909… CNY/kWh.
        let t0 = ISO8601.parse("2021-03-01T00:00:00+08:00", defaultOffset: 0)!
        var rows: [(Double, [String: Double])] = [(t0, ["elec_grid_total": 0])]
        var register = 0.0
        for i in 1...32 {
            let end = t0 + Double(i) * 2700
            register += (end == t0 + 9.75 * 3600 ? 2000 : 1000) * 0.75
            rows.append((end, ["elec_grid_total": register]))
        }
        let k = try totals(catl, rows)
        #expect(abs(k["electricity_cost_tou"]!! - 15_120) < 1e-6)
        #expect(abs(k["electricity_price_tou"]!! - 15_120.0 / 24_750) < 1e-12)
    }

    @Test func carbonAndTariffErrorsNameTheLine() throws {
        let head = "site: {id: x, utc_offset: \"+08:00\"}\ntags:\n  - {id: grid, unit: kWh, kind: totaliser}\n  - {id: gas, unit: m3, kind: totaliser}\n"
        let gasAsPower = siteError(head + "carbon:\n  scope2:\n    location_factor: 0.5\n    residual_factor: 0.6\n    electricity: [{tag: gas}]\n")
        #expect(gasAsPower?.line == 9 && gasAsPower?.message.contains("not electricity") == true)
        let overlap = siteError(head + "carbon:\n  scope2: {location_factor: 0.5, residual_factor: 0.6, electricity: [{tag: grid}]}\n"
                            + "  offsets:\n    - {from: 2021-01-01, to: 2022-01-01, tonnes: 10}\n    - {from: 2021-06-01, to: 2021-07-01, tonnes: 1}\n")
        #expect(overlap?.message.contains("overlap") == true)
        let tou = siteError(head + "tariff:\n  prices: {peak: 1, valley: 0.3}\n  otherwise: valley\n  seasons:\n    - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n"
                        + "      peak: [\"08:00-12:00\", \"11:00-13:00\"]\n  meters: [grid]\n")
        #expect(tou?.line == 10 && tou?.column == 29 && tou?.message.contains("overlaps") == true)
        let month = siteError(head + "tariff:\n  prices: {flat: 0.6}\n  otherwise: flat\n  seasons:\n    - months: [1, 2]\n  meters: [grid]\n")
        #expect(month?.message.contains("month 3 is in no season") == true)
    }

    @Test func gasCO2FollowsTheHeatingValue() throws {
        let head = "site: {id: x, utc_offset: \"+08:00\"}\ntags:\n  - {id: gas, unit: m3, kind: totaliser}\nfactors:\n  gas:\n"
        // The factor per energy times the LHV: 55.539 kg/GJ × 33.494 MJ/m³ (8000 kcal/m³) = 1.8602… kg/m³.
        let derived = try SiteLoader.load(text: head + "    lhv: 33.494\n    co2_per_gj: 55.539\n", file: "x.yaml")
        #expect(abs(derived.factors.gasCO2 - 55.539 * 33.494 / 1000) < 1e-12)
        // Without a factor the default per energy follows the LHV given.
        let byDefault = try SiteLoader.load(text: head + "    lhv: 38.931\n", file: "x.yaml")
        #expect(abs(byDefault.factors.gasCO2 - 55.539 * 38.931 / 1000) < 1e-12)
        // The old pair: 2.162 kg/m³ (which goes with 38.931 MJ/m³) at 35.544 MJ/m³ is 60.8 kg/GJ.
        let mismatched = siteError(head + "    lhv: 35.544\n    co2: 2.162\n")
        #expect(mismatched?.line == 7 && mismatched?.message.contains("60.8 kg CO₂/GJ") == true, "\(String(describing: mismatched))")
        // 54.3 and 58.3 kg/GJ (IPCC 2006 Vol 2 Table 1.4) are the bounds: just inside and just outside.
        _ = try SiteLoader.load(text: head + "    lhv: 35.544\n    co2: \(58.29 * 35.544 / 1000)\n", file: "x.yaml")
        #expect(siteError(head + "    lhv: 35.544\n    co2: \(54.25 * 35.544 / 1000)\n") != nil)
        let both = siteError(head + "    lhv: 35.544\n    co2_per_gj: 55.539\n    co2: 2.0\n")
        #expect(both?.message.contains("disagrees") == true)
    }

    /// A month of a 5-minute grid meter under a tariff whose demand charge counts peak hours only.
    static let demandSite = """
        site: {id: d, utc_offset: "+08:00"}
        tags:
          - {id: grid, unit: kWh, kind: totaliser, interval: 300}
        tariff:
          prices: {peak: 1.0, valley: 0.5}
          otherwise: valley
          seasons:
            - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
              peak: ["08:00-12:00"]
          meters: [grid]
          demand: {price: 40, interval: 15, periods: [peak]}
        """

    func demandMonth(skipping gap: ClosedRange<Double>? = nil) throws -> (DemandMeter, DemandMeter.Month) {
        let plant = try SiteLoader.load(text: Self.demandSite, file: "d.yaml")
        var run = try PlantPipeline(plant: plant, stages: .report(every: .all, drift: false, demand: true), rules: [])
        let t0 = ISO8601.parse("2021-03-01T00:00:00+08:00", defaultOffset: 0)!
        func local(_ iso: String) -> Double { ISO8601.parse(iso, defaultOffset: 8 * 3600)! }
        // Spikes over the 100 kW base: 900 kW at 02:00–02:15 on the 3rd (valley: not counted),
        // 400 kW at 09:05–09:20 on the 10th (straddling two intervals), 280 kW at 10:30–10:45 on the 20th.
        let spikes = [(local("2021-03-03T02:00"), 900.0), (local("2021-03-10T09:05"), 400), (local("2021-03-10T09:10"), 400),
                      (local("2021-03-10T09:15"), 400), (local("2021-03-20T10:30"), 280), (local("2021-03-20T10:35"), 280),
                      (local("2021-03-20T10:40"), 280), (local("2021-03-03T02:05"), 900), (local("2021-03-03T02:10"), 900)]
        var register = 0.0
        let tag = Int32(plant.tags.index(of: "grid")!)
        for i in 0...(31 * 288) {
            let t = t0 + Double(i) * 300
            if i > 0 {
                let stepStart = t - 300
                register += (spikes.first { $0.0 == stepStart }?.1 ?? 100) * 300 / 3600
            }
            if let gap, gap.contains(t) { continue }
            ReadingRow.with(time: t, tags: [tag], values: [register]) { run.ingest($0) }
        }
        run.finish()
        let d = try #require(run.demand)
        #expect(d.months.count == 1)
        return (d, d.months[0])
    }

    @Test func demandChargeOfAHandComputedMonth() throws {
        let (d, m) = try demandMonth()
        // 09:00–09:15 on the 10th: 5 min at 100 kW + 10 min at 400 kW = 300 kW mean (09:15–09:30 too;
        // the first stands). The 900 kW spike is at night, outside the peak hours the charge counts.
        #expect(m.maxKW.map { abs($0 - 300) < 1e-9 } == true, "\(String(describing: m.maxKW))")
        #expect(m.at == ISO8601.parse("2021-03-10T09:00:00+08:00", defaultOffset: 0)!)
        // Peak 08–12 h: 16 intervals a day × 31 days, all seen whole.
        #expect(m.expected == 496 && m.intervals == 496 && m.complete)
        // 100 kW × 744 h + 800 × 0.25 + 300 × 0.25 + 180 × 0.25 = 74,720 kWh. Energy at the prices:
        // base 12,400 kWh peak × 1.0 + 62,000 valley × 0.5, + 200 × 0.5 + 75 × 1.0 + 45 × 1.0 = 43,620 CNY.
        #expect(abs(m.kwh - 74_720) < 1e-6)
        #expect(abs(m.energyCost - 43_620) < 1e-6)
        // Demand charge: 40 CNY/kW × 300 kW = 12,000 CNY; the month's bill 55,620 CNY.
        #expect(d.charge(m).map { abs($0 - 12_000) < 1e-6 } == true)
        #expect(d.charge(m).map { abs($0 + m.energyCost - 55_620) < 1e-6 } == true)
    }

    @Test func aDropoutLeavesTheMonthPartial() throws {
        // No reading from 10:05 to 10:25 on the 25th: the 20-minute gap exceeds the meter's
        // maximum age, so 10:00–10:30 (two peak intervals) cannot be judged; the maximum stands
        // on the rest and the month is marked partial.
        let a = ISO8601.parse("2021-03-25T10:05:00+08:00", defaultOffset: 0)!
        let (_, m) = try demandMonth(skipping: a...(a + 1200))
        #expect(m.intervals == 494 && !m.complete)
        #expect(m.maxKW.map { abs($0 - 300) < 1e-9 } == true)
    }
}

@Suite struct EnergySplitTests {
    @Test func momaSplitMatchesTheLogColumns() throws {
        // Independently of the engine: a rate's reading stands for the minute ending at it
        // (Σ kW × 1/60 h over every row but the first), a register's advance is last − first.
        let path = "Samples/moma-retrofit-2019.csv"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map { String($0.split(separator: " ")[0]) }
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        func column(_ name: String) -> [Double] { let i = header.firstIndex(of: name)!; return rows.map { Double($0[i])! } }
        func rate(_ name: String) -> Double { column(name).dropFirst().reduce(0, +) / 60 }
        func register(_ name: String) -> Double { let c = column(name); return c.last! - c.first! }
        let expected = [register("chillers_elec_total"), rate("chw_pumps_power"), rate("cw_pumps_power"), rate("towers_power")]
        let m = try #require(try EnergySplit.measure(try LogReader(paths: [path], candidates: [PlantCatalog.plant("moma")!])))
        for (got, want) in zip(m.parts, expected) {
            let g = try #require(got)
            #expect(abs(g - want) <= 1e-9 * want, "\(g) vs \(want)")
        }
        // The parts are sub-meters of the plant meter, each class 1 (moma.yaml `accuracy: 1`) and
        // reading with its seeded error while the plant meter is calibrated: together they are its
        // advance within 1 %, and not exactly (the errors do not cancel by chance).
        let total = try #require(m.total)
        #expect(abs(total - register("plant_elec_total")) < 1e-6)
        let gap = abs(total - m.parts.reduce(0) { $0 + $1! })
        #expect(gap < 0.01 * total && gap > 0.0005 * total, "\(gap) of \(total)")
    }

    @Test func splitErrorsNameTheLine() {
        let head = "site: {id: x, utc_offset: \"+08:00\"}\ntags:\n  - {id: main, unit: kWh, kind: totaliser}\n  - {id: p, unit: kW, kind: rate}\n  - {id: gas, unit: m3, kind: totaliser}\n"
        let gas = siteError(head + "split:\n  total: main\n  parts:\n    - {name: pumps, tag: p}\n    - {name: boiler, tag: gas}\n")
        #expect(gas?.line == 10 && gas?.message.contains("not electricity") == true, "\(String(describing: gas))")
        let twice = siteError(head + "split:\n  parts:\n    - {name: pumps, tag: p}\n    - {name: pumps2, tag: p}\n")
        #expect(twice?.message.contains("already a part") == true)
        let self_ = siteError(head + "split:\n  total: p\n  parts:\n    - {name: pumps, tag: p}\n")
        #expect(self_?.message.contains("also a part") == true)
    }
}
