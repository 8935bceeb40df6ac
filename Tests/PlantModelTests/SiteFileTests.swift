import Foundation
import Testing
@testable import PlantModel

/// Replaces whole identifiers (letters, digits, _) only: "gas_total" but not "gas_total_x".
func renameIdentifiers(_ text: String, _ map: [String: String]) -> String {
    var out = "", word = ""
    func isIdent(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
    for c in text {
        if isIdent(c) { word.append(c); continue }
        out += map[word] ?? word
        word = ""
        out.append(c)
    }
    return out + (map[word] ?? word)
}

@Suite struct SiteFileTests {
    func error(_ yaml: String) -> SiteError? {
        do { _ = try SiteLoader.load(text: yaml, file: "test.yaml"); return nil } catch let e as SiteError { return e } catch { return nil }
    }

    static let minimal = """
    site:
      id: boiler-2
      utc_offset: "+08:00"
    tags:
      - {id: gas, unit: m3, kind: totaliser}
      - {id: steam, unit: t, kind: totaliser}
      - {id: feed, unit: degC, kind: process}
    kpis:
      - {id: gas_per_t, unit: m3/t, numerator: [{quantity: gas}], denominator: [{quantity: steam}]}

    """

    @Test func aMinimalSiteLoads() throws {
        let p = try SiteLoader.load(text: SiteFileTests.minimal, file: "m.yaml")
        #expect(p.id == "boiler-2" && p.utcOffset == 8 * 3600 && p.tags.count == 3 && p.simulator == nil)
        #expect(p.kpis().map(\.id) == ["gas_per_t"])
        #expect(p.kpis()[0].formula == "Σ gas [m³] ÷ Σ steam [t]")
        #expect(p.headline == ["gas_per_t"])
    }

    @Test func badFilesNameFileLineColumnAndField() throws {
        let syntax = try #require(error("site:\n  id: [unclosed\n"))
        #expect(syntax.file == "test.yaml" && syntax.line == 3 && syntax.message.hasPrefix("invalid YAML"))

        let unknownKey = try #require(error(SiteFileTests.minimal.replacing("  - {id: feed, unit: degC, kind: process}", with: "  - {id: feed, unit: degC, kind: process, rnage: [0, 1]}")))
        #expect(unknownKey.line == 7 && unknownKey.column == 43 && unknownKey.field == "tags[2].rnage")
        #expect(unknownKey.message.contains("did you mean 'range'"))

        let unit = try #require(error(SiteFileTests.minimal.replacing("unit: degC", with: "unit: furlongs")))
        #expect(unit.line == 7 && unit.field == "tags[2].unit" && unit.message.contains("unknown unit 'furlongs'"))

        let wrongDimension = try #require(error(SiteFileTests.minimal.replacing("{id: gas, unit: m3, kind: totaliser}", with: "{id: gas, unit: kW, kind: totaliser}")))
        #expect(wrongDimension.line == 5 && wrongDimension.field == "tags[0].unit" && wrongDimension.message.contains("a totaliser counts a quantity"))

        let kpiTag = try #require(error(SiteFileTests.minimal.replacing("denominator: [{quantity: steam}]", with: "denominator: [{quantity: stean}]")))
        #expect(kpiTag.line == 9 && kpiTag.field == "kpis[0].denominator[0].quantity" && kpiTag.message.contains("did you mean 'steam'"))

        let duplicateTag = try #require(error(SiteFileTests.minimal.replacing("{id: feed,", with: "{id: gas,")))
        #expect(duplicateTag.line == 7 && duplicateTag.message.contains("already the id of a tag at line 5"))

        let duplicateKPI = try #require(error(SiteFileTests.minimal + "  - {id: gas_per_t, unit: m3, numerator: [{quantity: gas}]}\n"))
        #expect(duplicateKPI.line == 10 && duplicateKPI.message.contains("already used at line 9"))

        let alarm = try #require(error(SiteFileTests.minimal + "alarms:\n  - {id: a, target: nothing, kind: high, limit: 1, priority: low}\n"))
        #expect(alarm.line == 11 && alarm.field == "alarms[0].target" && alarm.message.contains("neither a KPI nor a tag"))

        let duplicateAlarm = try #require(error(SiteFileTests.minimal + "alarms:\n  - {id: a, target: feed, kind: high, limit: 1, priority: low}\n  - {id: a, target: feed, kind: low, limit: 0, priority: low}\n"))
        #expect(duplicateAlarm.line == 12 && duplicateAlarm.message.contains("already used at line 11"))

        let missing = try #require(error("site:\n  id: x\ntags:\n  - {id: a, unit: degC, kind: process}\n"))
        #expect(missing.line == 2 && missing.field == "site" && missing.message.contains("utc_offset"))

        let limitSide = try #require(error(SiteFileTests.minimal.replacing("denominator: [{quantity: steam}]}", with: "denominator: [{quantity: steam}], target: 90, limit: 80}")))
        #expect(limitSide.message.contains("worse side"))
        // Every message reads as file:line:column: field: what.
        #expect(unknownKey.description.hasPrefix("test.yaml:7:43: tags[2].rnage: unknown key 'rnage'"))
    }

    @Test func simulatorNeedsItsOwnTags() throws {
        let text = try #require(HumanwellPlant.definition.siteText)
        let e = try #require(error(text.replacing("  - {id: compressor_heat_temp,", with: "  - {id: compressor_temp,")))
        #expect(e.field == "tags" && e.message.contains("missing compressor_heat_temp; not simulated compressor_temp"))
    }

    @Test func timeZonesWithoutDaylightSavingOnly() throws {
        let shanghai = try #require(TimeZoneFile.offsets("Asia/Shanghai"))
        #expect(shanghai.current == 8 * 3600 && !shanghai.hasDST)
        let berlin = try #require(TimeZoneFile.offsets("Europe/Berlin"))
        #expect(berlin.hasDST && berlin.standard == 3600)
        #expect(TimeZoneFile.offsets("../../etc/passwd") == nil)
        let site = SiteFileTests.minimal.replacing("utc_offset: \"+08:00\"", with: "timezone: Asia/Kolkata")
        #expect(try SiteLoader.load(text: site, file: "t.yaml").utcOffset == 19_800)
        let dst = try #require(error(SiteFileTests.minimal.replacing("utc_offset: \"+08:00\"", with: "timezone: Europe/Berlin")))
        #expect(dst.line == 3 && dst.message.contains("daylight saving"))
    }

    @Test func columnAliasesBindHistorianNames() throws {
        let p = try SiteLoader.load(path: "Samples/substation.yaml")
        #expect(p.tags.index(ofColumn: "SS01.TT-102.PV") == p.tags.index(of: "return_temp"))
        #expect(p.tags.index(ofColumn: "ss01.tt-102.pv") == p.tags.index(of: "return_temp"))
        let reader = try LogReader(paths: ["Samples/substation-before.csv"], candidates: [p])
        var run = try PlantPipeline(plant: p, stages: .report(every: .all, drift: false), rules: [])
        try reader.read { _ = run.ingest($0) }
        run.finish()
        let report = try #require(run.report)
        #expect(reader.tally.total == 0)
        let k = try #require(report.slots.kpis.firstIndex { $0.id == "return_temp" })
        let v = try #require(report.evaluate(k, sums: report.rows[0].sums, seconds: report.span(of: report.rows[0])).value)
        // The generator's return runs at 55 °C + 0.1·(supply − 90) with supply ≈ 96 °C.
        #expect(abs(v - 55.4) < 0.3)
    }

    /// The same plant under other names gives the same numbers: built-in behaviour comes from the
    /// site file, not from code that knows the names.
    @Test(arguments: [("humanwell", "humanwell-recovery-2021-faults.csv"), ("catl", "catl-carbon-zero-2021.csv"), ("moma", "moma-retrofit-2019.csv")])
    func renamedSiteGivesTheSameReport(_ id: String, _ log: String) throws {
        let plant = try #require(PlantCatalog.plant(id))
        let (renamed, logPath) = try rename(plant, logs: ["Samples/" + log])
        func run(_ p: PlantDefinition, _ path: String) throws -> ([[Double?]], [String]) {
            let reader = try LogReader(paths: [path], candidates: [p])
            var run = try PlantPipeline(plant: p, stages: .report(every: .day, drift: false), rules: p.alarmRules)
            reader.deliver(only: run.neededTags, markBad: true)
            var raised: [AlarmEvent] = []
            try reader.read { raised += run.ingest($0) }
            run.finish()
            let report = try #require(run.report)
            let values = report.rows.map { row in
                (0..<report.slots.kpis.count).map { report.evaluate($0, sums: row.sums, seconds: report.span(of: row)).value }
            }
            return (values, raised.map { "\($0.time) \($0.alarm) \($0.event)" })
        }
        let (a, alarmsA) = try run(plant, "Samples/" + log)
        let (b, alarmsB) = try run(renamed, logPath[0])
        #expect(renamed.id == "site-" + id && renamed.tags.tags.allSatisfy { $0.id.hasPrefix("x_") })
        #expect(a.count >= 7 && a == b)
        #expect(alarmsA.map { renameIdentifiers($0, Dictionary(uniqueKeysWithValues: plant.tags.tags.map { ($0.id, "x_" + $0.id) })) } == alarmsB)
    }

    @Test func renamedSiteGivesTheSameSavings() throws {
        let plant = MOMAPlant.definition
        let (renamed, logs) = try rename(plant, logs: ["Samples/moma-legacy-2018.csv", "Samples/moma-retrofit-2019.csv"])
        func savings(_ p: PlantDefinition, _ before: String, _ after: String) throws -> SavingsAnalysis {
            let spec = try #require(p.energyBaseline)
            let ids = [spec.target] + spec.drivers
            return try SavingsAnalysis.analyse(plant: p, spec: spec, before: try BaselineData.daily(try LogReader(paths: [before], candidates: [p]), kpis: ids),
                                               after: try BaselineData.daily(try LogReader(paths: [after], candidates: [p]), kpis: ids))
        }
        let a = try savings(plant, "Samples/moma-legacy-2018.csv", "Samples/moma-retrofit-2019.csv")
        let b = try savings(renamed, logs[0], logs[1])
        #expect(a.savings > 0 && a.savings == b.savings && a.fsu90 == b.fsu90 && a.adjustedBaseline == b.adjustedBaseline)
    }

    /// Exports a built-in plant's site file with every tag renamed (x_…), the plant id changed and
    /// the simulator detached; rewrites the logs' headers to match.
    func rename(_ plant: PlantDefinition, logs: [String]) throws -> (PlantDefinition, [String]) {
        let map = Dictionary(uniqueKeysWithValues: plant.tags.tags.map { ($0.id, "x_" + $0.id) })
        var text = try #require(plant.siteText)
        text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("  id: ") { return "  id: site-\(plant.id)" }
            if line.hasPrefix("  simulator: ") || line.hasPrefix("  climate: ") { return "" }
            return line.hasPrefix("#") ? String(line) : renameIdentifiers(String(line), map)
        }.joined(separator: "\n")
        let renamed = try SiteLoader.load(text: text, file: "renamed.yaml")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-rename-\(plant.id)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let paths = try logs.map { log -> String in
            var lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[0] = renameIdentifiers(lines[0], map)
            let out = dir.appendingPathComponent((log as NSString).lastPathComponent).path
            try lines.joined(separator: "\n").write(toFile: out, atomically: true, encoding: .utf8)
            return out
        }
        return (renamed, paths)
    }

    @Test func draftFromALogGuessesKindsIntervalsAndRanges() throws {
        var d = SiteDraft()
        try d.add(path: "Samples/substation-before.csv")
        let byName = Dictionary(uniqueKeysWithValues: d.columns.map { ($0.name, $0) })
        #expect(byName["SS01.EQ-101.HEAT"]?.kind == .totaliser)
        #expect(byName["SS01.FT-101.PV"]?.kind == .rate)
        #expect(byName["SS01.TT-102.PV"]?.kind == .process)
        #expect(byName["SS01.P-201.RUN"]?.kind == .state)
        #expect(d.columns.allSatisfy { $0.interval == 60 })
        let yaml = d.yaml(id: "draft")
        // The draft is itself a valid site file, and its ranges hold every reading of the log.
        let p = try SiteLoader.load(text: yaml, file: "draft.yaml")
        #expect(p.tags.count == 9)
        let reader = try LogReader(paths: ["Samples/substation-before.csv"], candidates: [p])
        try reader.read { _ in }
        #expect(reader.tally.total == 0)
    }
}
