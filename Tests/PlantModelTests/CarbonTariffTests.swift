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
        // Scope 1: 1000 m³ × 2.162 kg/m³ (GB/T 32151 defaults) = 2.162 t.
        near("co2e_scope1_t", 2.162)
        // Location-based: all 10,000 kWh × 0.1404 kg/kWh (Sichuan 2022) = 1.404 t.
        near("co2e_scope2_location_t", 1.404)
        // Market-based: 8000 kWh of hydropower contracts × 0 + 2000 kWh × 0.5856 (residual) = 1.1712 t.
        near("co2e_scope2_market_t", 1.1712)
        // Offsets: 218,000 t retired for 2021 (8760 h), one hour of it = 24.885845… t.
        near("offsets_t", 218_000.0 / 8760)
        // Net = 2.162 + 1.1712 − 24.885845… = −21.552645… t: this hour is net zero.
        near("co2e_net_t", 2.162 + 1.1712 - 218_000.0 / 8760)
        // The existing accounting KPI is unchanged: hydro 0 and grid 0.1404 kg/kWh, plus gas.
        near("co2e_t", 2.162 + 2000 * 0.1404 / 1000)
    }

    @Test func offsetsFollowTheCalendarNotTheMeters() throws {
        // Rows an hour apart across New Year 2022: only the 2021 half of the interval carries
        // 2021's retirement; 2022 has none entered.
        let t = ISO8601.parse("2021-12-31T23:30:00+08:00", defaultOffset: 0)!
        let k = try totals(catl, [(t, ["elec_grid_total": 0]), (t + 3600, ["elec_grid_total": 100])])
        #expect(abs(k["offsets_t"]!! - 218_000.0 / 8760 / 2) < 1e-9)
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
}
