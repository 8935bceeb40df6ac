import Testing
@testable import PlantModel

@Suite struct ModbusCodecTests {
    let request = ModbusRequest(transaction: 0x1234, unit: 7, function: .readHoldingRegisters, address: 100, count: 2)

    @Test func requestBytes() {
        #expect(request.bytes == [0x12, 0x34, 0, 0, 0, 6, 7, 3, 0, 100, 0, 2])
    }

    func frame(_ pdu: [UInt8], transaction: UInt16 = 0x1234, unit: UInt8 = 7, lengthDelta: Int = 0, proto: UInt16 = 0) -> [UInt8] {
        let len = pdu.count + 1 + lengthDelta
        return [UInt8(transaction >> 8), UInt8(transaction & 0xFF), UInt8(proto >> 8), UInt8(proto & 0xFF), UInt8(len >> 8), UInt8(len & 0xFF), unit] + pdu
    }

    @Test func decodesRegistersAndExceptions() throws {
        let ok = frame([3, 4, 0x41, 0x20, 0x00, 0x00])
        #expect(try ModbusCodec.decode(ok, for: request) == .registers(transaction: 0x1234, unit: 7, function: .readHoldingRegisters, values: [0x4120, 0]))
        let ex = frame([0x83, 2])
        #expect(try ModbusCodec.decode(ex, for: request) == .exception(transaction: 0x1234, unit: 7, function: 0x83, code: 2))
        #expect(ModbusError.exception(function: 0x83, code: 2).description.contains("illegal data address"))
    }

    @Test func rejectsMalformedAnswers() {
        #expect(throws: ModbusError.wrongTransaction(expected: 0x1234, got: 0x9999)) { try ModbusCodec.decode(frame([3, 4, 0, 1, 0, 2], transaction: 0x9999), for: request) }
        #expect(throws: ModbusError.badByteCount(declared: 2, expected: 4)) { try ModbusCodec.decode(frame([3, 2, 0, 1]), for: request) }
        #expect(throws: ModbusError.unexpectedFunction(4)) { try ModbusCodec.decode(frame([4, 4, 0, 1, 0, 2]), for: request) }
        #expect(throws: ModbusError.self) { try ModbusCodec.decode(frame([3, 4, 0, 1, 0, 2], lengthDelta: 3), for: request) }
        var bad: [UInt8] = frame([3, 4, 0, 1, 0, 2], proto: 1)
        #expect(throws: ModbusError.badProtocol(1)) { try ModbusCodec.nextFrame(&bad) }
        var huge: [UInt8] = [0, 1, 0, 0, 0x10, 0, 1, 3]
        #expect(throws: ModbusError.tooLong(6 + 0x1000)) { try ModbusCodec.nextFrame(&huge) }
    }

    @Test func splitsAStreamIntoFrames() throws {
        var stream = frame([3, 4, 0, 1, 0, 2]) + frame([0x83, 4], transaction: 0x1235)
        let partial = Array(stream[0..<5])
        var p = partial
        #expect(try ModbusCodec.nextFrame(&p) == nil)
        let first = try #require(try ModbusCodec.nextFrame(&stream))
        #expect(first.count == 13)
        let second = try #require(try ModbusCodec.nextFrame(&stream))
        #expect(second[7] == 0x83 && stream.isEmpty)
    }
}

@Suite struct RegisterMapTests {
    @Test func everyTypeAndOrderRoundTrips() {
        for type in RegisterMap.DataType.allCases {
            for (w, b) in [(RegisterMap.Order.big, RegisterMap.Order.big), (.little, .big), (.big, .little), (.little, .little)] {
                var e = RegisterMap.Entry(tag: "x", address: 0, type: type)
                e.word_order = w; e.byte_order = b
                e.scale = type == .f32 || type == .f64 ? 1 : 0.1
                let value: Double = type == .u16 || type == .u32 ? 1234.5 : -1234.5
                let regs = RegisterMap.registers(e, value: value)
                #expect(regs.count == type.registers)
                #expect(abs(RegisterMap.value(e, regs[...]) - value) < 1e-3, "\(type) \(w) \(b)")
            }
        }
        // A big-endian f32 of 10.0 is 0x4120 0x0000, as a Modbus device sends it.
        #expect(RegisterMap.registers(RegisterMap.Entry(tag: "x", address: 0, type: .f32), value: 10) == [0x4120, 0])
    }

    @Test func batchesContiguousRegisters() throws {
        let map = RegisterMap.starting(for: HumanwellPlant.definition)
        try map.validate(against: HumanwellPlant.definition)
        let reqs = map.requests()
        #expect(reqs.count == 1)                       // 18 tags (3 f64 totalisers, 15 f32): 42 registers, one read
        #expect(reqs[0].count == 42)
        let big = RegisterMap.starting(for: CATLPlant.definition)
        #expect(big.requests().allSatisfy { $0.count <= 125 })
        var split = map
        split.registers[3].unit = 2
        #expect(split.requests().count == 2)
    }

    @Test func mapsLoadFromYAMLAndAreChecked() throws {
        let text = try RegisterMap.starting(for: MOMAPlant.definition).yaml()
        let back = try RegisterMap.load(text, path: "map.yaml")
        #expect(back == RegisterMap.starting(for: MOMAPlant.definition))
        var wrong = back
        wrong.registers[0].tag = "nope"
        #expect(throws: RegisterMap.MapError.self) { try wrong.validate(against: MOMAPlant.definition) }
        #expect(throws: RegisterMap.MapError.self) { try RegisterMap.load("plant: moma\nregisters: [{tag: x}]\n", path: "bad.yaml") }
    }
}
