// libFuzzer target for the Modbus TCP frame splitter and decoder (Sources/PlantModel/Modbus/
// ModbusFrame.swift), compiled with it by Tests/fuzz/run.sh: arbitrary bytes from a device must
// either decode into a consistent response or throw; never crash, loop or read out of bounds.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModbus(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 5 else { return 0 }
    // The first bytes choose the request the answer is decoded against.
    let request = ModbusRequest(transaction: UInt16(data[0]) << 8 | UInt16(data[1]), unit: data[2],
                                function: data[3] & 1 == 0 ? .readHoldingRegisters : .readInputRegisters,
                                address: 0, count: UInt16(data[4] % 126))
    var buffer = Array(UnsafeBufferPointer(start: data + 5, count: size - 5))
    var frames = 0
    while true {
        let before = buffer.count
        guard let frame = try? ModbusCodec.nextFrame(&buffer) else { break }
        frames += 1
        precondition(buffer.count < before && frame.count <= ModbusCodec.maxFrame, "a frame consumes bytes and is bounded")
        if case .registers(let t, _, let fn, let values)? = try? ModbusCodec.decode(frame, for: request) {
            precondition(t == request.transaction && fn == request.function && values.count == Int(request.count), "decoded response matches the request")
        }
    }
    precondition(frames <= size / 7 + 1)
    return 0
}
