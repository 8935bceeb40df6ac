import Foundation
import Testing
@testable import PlantModel

/// Writes `text` to a temporary file and returns its path.
func tempFile(_ text: String, name: String = "log.csv") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

func tempFile(bytes: [UInt8], name: String = "log.csv") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

/// Reads logs into a whole-period report.
func readReport(_ paths: [String], plant: String? = nil, every: ReportPeriod = .all, strict: Bool = false, rejects: String? = nil,
                parallel: Bool = true) throws -> (PeriodReport, LogReader) {
    let reader = try LogReader(paths: paths, plant: plant.flatMap(PlantCatalog.plant), rejectsPath: rejects)
    reader.strict = strict
    var run = try PlantPipeline(plant: reader.plant, stages: .report(every: every, drift: false), rules: [])
    try reader.read(parallel: parallel) { run.ingest($0) }
    run.finish()
    return (run.report!, reader)
}

func kpi(_ r: PeriodReport, _ id: String) -> Double? {
    let k = r.slots.kpis.firstIndex { $0.id == id }!
    return r.evaluate(k, sums: r.totals, seconds: r.lastTime - r.firstTime).value
}

@Suite struct LogReaderTests {
    static let header = "timestamp,steam_total [t],gas_total [m3],feedwater_temp [degC]"

    @Test func readsTheQuirksOfRealExports() throws {
        // BOM, CRLF, comments, blank lines, units in both bracket styles with a conversion
        // (gas in m³ → fine; feedwater given in kelvin), quoted cells, epoch and offset-free times.
        let text = "\u{FEFF}# exported by a historian\r\n"
            + "\"timestamp\",steam_total (t),\"gas_total [m3]\",feedwater_temp [K]\r\n"
            + "\r\n"
            + "2019-01-07T00:00:00+08:00,100.0,9000,288.15\r\n"
            + "# a comment between rows\r\n"
            + "2019-01-07 00:01:00,\"100.5\",9045.5,289.15\r\n"
            + "1546790520,101,9091,290.15\r\n"
            + "2019-01-07T00:03:00.000+08:00,101.5,9136.5,291.15\r\n"
        let (r, reader) = try readReport([tempFile(text)])
        #expect(reader.plant.id == "humanwell")
        #expect(reader.tally.total == 0)
        #expect(r.firstTime == CivilTime(year: 2019, month: 1, day: 7).epoch(offset: 8 * 3600))
        #expect(r.lastTime - r.firstTime == 180)
        #expect(abs(kpi(r, "gas_per_tonne_steam")! - 91.0) < 1e-9)
        // Kelvin converted to °C: steam-weighted mean of 16, 17, 18 °C.
        #expect(abs(kpi(r, "feedwater_temp")! - 17) < 1e-9)
    }

    @Test func rejectsBadRowsAndCellsAndKeepsTheGoodOnes() throws {
        let rows = [
            LogReaderTests.header,
            "2019-01-07T00:00:00+08:00,100,9000,15",     // line 2 ok
            "2019-01-07T00:01:00+08:00,100.5,9045.5,abc", // 3: non-numeric cell (row kept)
            "2019-01-07T00:02:00+08:00,101,9091",         // 4: wrong column count
            "2019-01-07T00:02:00+08:00,101,9091,NaN",     // 5: not finite cell
            "2019-01-07T00:02:00+08:00,101,9091,15",      // 6: duplicate timestamp of line 5
            "2019-01-07T00:01:30+08:00,101,9091,15",      // 7: out of order
            "not a time,101,9091,15",                    // 8: bad timestamp
            "2019-01-07T00:03:00+08:00,101.5,9136.5,999", // 9: out of range cell (feedwater 0…105)
            "2019-01-07T00:04:00+08:00,102,9182,inf",     // 10: not finite
            "2019-01-07T00:05:00+08:00,102.5,9227.5,15",  // 11 ok
            "2019-01-07T00:06:00+08:00,103",              // 12: truncated last line (no newline)
        ]
        let path = tempFile(rows.joined(separator: "\n"))
        let rejectsPath = tempFile("", name: "rejects.csv")
        let (r, reader) = try readReport([path], rejects: rejectsPath)
        let t = reader.tally
        #expect(t.byReason[.nonNumeric] == 1)
        #expect(t.byReason[.wrongColumnCount] == 1)
        #expect(t.byReason[.notFinite] == 2)
        #expect(t.byReason[.duplicateTimestamp] == 1)
        #expect(t.byReason[.outOfOrder] == 1)
        #expect(t.byReason[.badTimestamp] == 1)
        #expect(t.byReason[.outOfRange] == 1)
        #expect(t.byReason[.truncatedLine] == 1)
        #expect(t.rows == 5 && t.cells == 4)
        let lines = Dictionary(grouping: t.examples, by: \.reason)
        #expect(lines[.nonNumeric]?.first?.line == 3 && lines[.nonNumeric]?.first?.column == 4)
        #expect(lines[.outOfOrder]?.first?.line == 7)
        #expect(lines[.truncatedLine]?.first?.line == 12)
        #expect(lines[.badTimestamp]?.first?.description.hasPrefix(path + ":8:1: bad-timestamp") == true)
        // Good data around the bad rows still counts: 2.5 t of steam and 227.5 m³ of gas.
        #expect(abs(r.totals[r.slots.quantity(HumanwellPlant.definition.tags.index(of: "steam_total")!)] - 2.5) < 1e-9)
        #expect(abs(kpi(r, "gas_per_tonne_steam")! - 91.0) < 1e-9)
        // Every reject is in the rejects file, verbatim, with its reason.
        let rejects = try String(contentsOfFile: rejectsPath, encoding: .utf8).split(separator: "\n")
        #expect(rejects.count == 1 + 9)
        #expect(rejects[0] == "file,line,column,reason,detail,row")
        #expect(rejects.contains { $0.contains("\"7\",\"1\",\"out-of-order\"") && $0.hasSuffix("\"2019-01-07T00:01:30+08:00,101,9091,15\"") })
    }

    @Test func strictStopsAtTheFirstBadRow() throws {
        let text = [LogReaderTests.header, "2019-01-07T00:00:00+08:00,100,9000,15", "2019-01-07T00:01:00+08:00,x,9045,15", "2019-01-07T00:02:00+08:00,y,9045,15"].joined(separator: "\n") + "\n"
        do {
            _ = try readReport([tempFile(text)], strict: true)
            Issue.record("strict mode did not stop")
        } catch let e as LogReader.StrictStop {
            #expect(e.issue.line == 3 && e.issue.reason == .nonNumeric)
        }
    }

    @Test func overlongLinesAndInvalidUTF8() throws {
        var bytes = Array((LogReaderTests.header + "\n2019-01-07T00:00:00+08:00,100,9000,15\n").utf8)
        bytes += Array("2019-01-07T00:01:00+08:00,100.5,9045.5,".utf8) + [0xC3, 0x28] + [10]     // invalid UTF-8
        bytes += Array("2019-01-07T00:02:00+08:00,".utf8) + Array(repeating: UInt8(ascii: "9"), count: 70_000) + [10]
        bytes += Array("2019-01-07T00:03:00+08:00,101.5,9136.5,15\n".utf8)
        let (r, reader) = try readReport([tempFile(bytes: bytes)])
        #expect(reader.tally.byReason[.invalidUTF8] == 1)
        #expect(reader.tally.byReason[.lineTooLong] == 1)
        #expect(reader.tally.examples.first { $0.reason == .lineTooLong }?.line == 4)
        #expect(abs(kpi(r, "gas_per_tonne_steam")! - 91.0) < 1e-9)
    }

    @Test func unknownColumnsAndUnitsAreReportedOnce() throws {
        let text = "timestamp,steam_total,gas_total [m3],mystery_tag,feedwater_temp [psi]\n2019-01-07T00:00:00+08:00,1,90,5,7\n2019-01-07T00:01:00+08:00,2,181,5,7\n"
        let (r, reader) = try readReport([tempFile(text)], plant: "humanwell")
        #expect(reader.tally.byReason[.unknownTag] == 1)
        #expect(reader.tally.byReason[.unitMismatch] == 1)
        #expect(abs(kpi(r, "gas_per_tonne_steam")! - 91) < 1e-9)
    }

    @Test func controlCharactersNeverReachMessages() throws {
        let text = "timestamp,steam_total,\u{1B}[31mred\u{07}\n2019-01-07T00:00:00+08:00,1,2\n"
        let (_, reader) = try readReport([tempFile(text)], plant: "humanwell")
        let message = reader.tally.examples.map(\.description).joined()
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(message.contains("\\u{1b}[31mred\\u{7}"))
    }

    @Test func plantIsInferredOrRefused() throws {
        #expect(try LogReader(paths: [tempFile("timestamp,chw_supply_temp,plant_power\n")], plant: nil).plant.id == "moma")
        #expect(throws: LogReader.PlantInferenceError.self) { try LogReader(paths: [tempFile("timestamp,foo,bar\n")], plant: nil) }
        // outdoor_temp belongs to all three: a tie.
        #expect(throws: LogReader.PlantInferenceError.self) { try LogReader(paths: [tempFile("timestamp,outdoor_temp\n")], plant: nil) }
        #expect(throws: LogError.self) { try LogReader(paths: ["/nonexistent/log.csv"], plant: nil) }
        #expect(throws: LogError.self) { try LogReader(paths: [tempFile("")], plant: nil) }
        #expect(throws: LogError.self) { try LogReader(paths: [tempFile("steam_total,gas_total\n")], plant: nil) }
    }
}

@Suite struct LogRoundTripTests {
    /// Simulates into CSV and reads it back; the KPIs must equal those of the simulation itself.
    func roundTrip(_ plant: String, _ scenario: String, format: LogFormat, faults: [String] = [], days: Double = 3) throws -> (PeriodReport, KPIAccumulator, LogReader) {
        let p = PlantCatalog.plant(plant)!
        let path = tempFile("")
        var sim = try Simulation(plant: p, config: ScenarioConfig(scenario: scenario, measures: p.scenario(scenario)!.measures), seed: 4,
                                 start: CivilTime(year: 2019, month: 7, day: 1).epoch(offset: 8 * 3600), step: 60, duration: days * 86_400,
                                 faults: try faults.map { try FaultSpec.parse($0, utcOffset: 8 * 3600) })
        var acc = KPIAccumulator(registry: p.tags, kpis: p.kpis())
        do {
            var w = CSVLogWriter(registry: p.tags, format: format, utcOffset: 8 * 3600, sink: try ByteSink(path: path))
            w.writeHeader()
            var row: [Double] = []
            while let t = sim.next(into: &row) { w.write(time: t, values: row); acc.add(time: t, values: row) }
            w.finish()
        }
        let (r, reader) = try readReport([path])
        return (r, acc, reader)
    }

    @Test(arguments: [("humanwell", "recovery-2021"), ("moma", "retrofit-2019"), ("catl", "carbon-zero-2021")])
    func wideAndLongGiveTheSimulationsKPIs(_ plant: String, _ scenario: String) throws {
        for format in [LogFormat.wide, .long] {
            let (r, acc, reader) = try roundTrip(plant, scenario, format: format)
            #expect(reader.tally.total == 0)
            for (k, def) in r.slots.kpis.enumerated() {
                let read = r.evaluate(k, sums: r.totals, seconds: r.lastTime - r.firstTime).value
                let simulated = acc.value(def)
                #expect((read == nil) == (simulated == nil))
                if let a = read, let b = simulated { #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(plant) \(format) \(def.id): \(a) vs \(b)") }
            }
        }
    }

    @Test func rolloverCausesNoSpike() throws {
        let (r, acc, _) = try roundTrip("humanwell", "baseline-2019", format: .wide, faults: ["totaliser-rollover:gas_total@2019-07-02T10:00"])
        #expect(r.meterEvents.count == 1 && r.meterEvents[0].event == .rollover && r.meterEvents[0].tag == "gas_total")
        #expect(abs(kpi(r, "gas_per_tonne_steam")! - acc.value("gas_per_tonne_steam")!) < 1e-9)
        #expect(kpi(r, "gas_per_tonne_steam")! < 95)
    }

    @Test func meterResetIsReportedWithoutASpike() throws {
        var rows = [LogReaderTests.header]
        var steam = 500.0, gas = 45_000.0
        for m in 0..<60 {
            if m == 30 { steam = 0.5; gas = 45.5 }      // meter replaced: registers restart near zero
            rows.append(ISO8601.format(CivilTime(year: 2019, month: 1, day: 7, minute: m).epoch(offset: 8 * 3600), offset: 8 * 3600) + ",\(steam),\(gas),15")
            steam += 0.5; gas += 45.5
        }
        let (r, _) = try readReport([tempFile(rows.joined(separator: "\n") + "\n")], plant: "humanwell")
        #expect(r.meterEvents.filter { $0.event == .reset }.count == 2)
        #expect(abs(kpi(r, "gas_per_tonne_steam")! - 91) < 1e-9)
    }

    @Test func filesSplitByColumnsOrTimeMergeBackExactly() throws {
        let p = HumanwellPlant.definition
        var sim = try Simulation(plant: p, config: ScenarioConfig(scenario: "baseline-2019", measures: []), seed: 2,
                                 start: CivilTime(year: 2019, month: 2, day: 1).epoch(offset: 8 * 3600), step: 300, duration: 2 * 86_400)
        var whole = [LogReaderTests.header], steamFile = ["timestamp,steam_total"], gasFile = ["timestamp,gas_total,feedwater_temp"]
        var row: [Double] = []
        let si = p.tags.index(of: "steam_total")!, gi = p.tags.index(of: "gas_total")!, fi = p.tags.index(of: "feedwater_temp")!
        while let t = sim.next(into: &row) {
            let ts = ISO8601.format(t, offset: 8 * 3600)
            let s = NumberFormat.string(row[si], decimals: 2), g = NumberFormat.string(row[gi], decimals: 1), f = NumberFormat.string(row[fi], decimals: 1)
            whole.append("\(ts),\(s),\(g),\(f)")
            steamFile.append("\(ts),\(s)")
            gasFile.append("\(ts),\(g),\(f)")
        }
        let reference = try readReport([tempFile(whole.joined(separator: "\n") + "\n")]).0
        let byColumns = try readReport([tempFile(steamFile.joined(separator: "\n") + "\n"), tempFile(gasFile.joined(separator: "\n") + "\n")], plant: "humanwell").0
        let half = whole.count / 2
        let late = tempFile(([whole[0]] + whole[half...]).joined(separator: "\n") + "\n"), early = tempFile(whole[..<half].joined(separator: "\n") + "\n")
        let (byTime, reader) = try readReport([late, early])
        #expect(reader.tally.total == 0)
        for id in ["gas_per_tonne_steam", "feedwater_temp", "steam_t"] {
            #expect(abs(kpi(byColumns, id)! - kpi(reference, id)!) < 1e-9)
            #expect(abs(kpi(byTime, id)! - kpi(reference, id)!) < 1e-9)
        }
        // The same file twice: every reading of the second copy is a duplicate, none double-counted.
        let path = tempFile(whole.joined(separator: "\n") + "\n")
        let (twice, r2) = try readReport([path, path])
        #expect(r2.tally.byReason[.duplicateTimestamp] == 3 * (whole.count - 1))
        #expect(abs(kpi(twice, "steam_t")! - kpi(reference, "steam_t")!) < 1e-9)
    }

    @Test func parallelAndSequentialReadingAgree() throws {
        let p = CATLPlant.definition
        let path = tempFile("")
        var sim = try Simulation(plant: p, config: ScenarioConfig(scenario: "baseline", measures: []), seed: 8,
                                 start: CivilTime(year: 2021, month: 1, day: 1).epoch(offset: 8 * 3600), step: 60, duration: 20 * 86_400)
        do {
            var w = CSVLogWriter(registry: p.tags, format: .wide, utcOffset: 8 * 3600, sink: try ByteSink(path: path))
            w.writeHeader()
            var row: [Double] = []
            while let t = sim.next(into: &row) { w.write(time: t, values: row) }
            w.finish()
        }
        let a = try readReport([path], every: .day, parallel: true).0
        let b = try readReport([path], every: .day, parallel: false).0
        #expect(a.rows.count == 20 && b.rows.count == 20)
        for (x, y) in zip(a.rows, b.rows) { #expect(x.sums == y.sums) }
    }
}
