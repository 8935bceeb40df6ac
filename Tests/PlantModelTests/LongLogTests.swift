import Testing
@testable import PlantModel

/// Long exports as historians write them: units in the tag cell or a unit column, OPC quality.
@Suite struct LongLogTests {
    func read(_ text: String) throws -> (values: [String: [Double]], reader: LogReader) {
        let plant = MOMAPlant.definition
        let reader = try LogReader(paths: [tempFile(text)], plant: plant)
        var out: [String: [Double]] = [:]
        try reader.read { row in
            for k in 0..<row.count { out[plant.tags.tags[Int(row.tags[k])].id, default: []].append(row.values[k]) }
        }
        return (out, reader)
    }

    @Test func unitsInTheTagCellAreConverted() throws {
        let (v, r) = try read("""
        timestamp,tag,value
        2019-07-08T00:00:00+08:00,chw_flow [m3/h],80.5
        2019-07-08T00:00:00+08:00,cooling_total [MWh],6695.1532
        2019-07-08T00:00:00+08:00,chw_supply_temp (K),282.16
        2019-07-08T00:01:00+08:00,chw_flow [m3/h],80.3
        2019-07-08T00:01:00+08:00,cooling_total [MWh],6695.1607

        """)
        #expect(r.tally.total == 0)
        #expect(v["chw_flow"] == [80.5, 80.3])
        #expect(v["cooling_total"].map { $0.map { ($0 * 10).rounded() / 10 } } == [6_695_153.2, 6_695_160.7])
        #expect(abs(v["chw_supply_temp"]![0] - 9.01) < 1e-9)
    }

    @Test func aUnitColumnIsReadAndAWrongUnitRejected() throws {
        let (v, r) = try read("""
        timestamp,tag,value,unit
        2019-07-08T00:00:00+08:00,cooling_total,6695.1532,MWh
        2019-07-08T00:00:00+08:00,chw_flow,80.5,m3/h
        2019-07-08T00:01:00+08:00,chw_flow,80.3,kWh
        2019-07-08T00:01:00+08:00,chw_return_temp,13.9,

        """)
        #expect(v["cooling_total"].map { $0.map { $0.rounded() } } == [6_695_153])
        #expect(v["chw_flow"] == [80.5])
        #expect(v["chw_return_temp"] == [13.9])
        #expect(r.tally.byReason[.unitMismatch] == 1)
        #expect(r.tally.examples.first?.column == 4 && r.tally.examples.first?.line == 4)
    }

    @Test func opcQualityCodes() throws {
        let (v, r) = try read("""
        timestamp,tag,value,quality
        2019-07-08T00:00:00+08:00,chw_flow,1,192
        2019-07-08T00:01:00+08:00,chw_flow,2,Good
        2019-07-08T00:02:00+08:00,chw_flow,3,64
        2019-07-08T00:03:00+08:00,chw_flow,4,Uncertain_LastUsableValue
        2019-07-08T00:04:00+08:00,chw_flow,5,0
        2019-07-08T00:05:00+08:00,chw_flow,6,Bad_SensorFailure
        2019-07-08T00:06:00+08:00,chw_flow,7,perhaps
        2019-07-08T00:07:00+08:00,chw_flow,8,216

        """)
        // 216 = 0b11011000: good (top bits 11) with a limit status.
        #expect(v["chw_flow"] == [1, 2, 3, 4, 8])
        #expect(r.tally.byReason[.badQuality] == 3)
        #expect(LogHeader.quality("24") == .bad && LogHeader.quality("128") == nil)
    }
}
