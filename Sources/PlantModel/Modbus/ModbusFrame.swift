/// Modbus TCP application data units (MBAP header + PDU), for function codes 3 (read holding
/// registers) and 4 (read input registers). Written by hand: no well-kept Swift Modbus package
/// exists (see issue 6), and the framing is small and fully specified by the Modbus Application
/// Protocol v1.1b3 and Messaging on TCP/IP v1.0b.
public enum ModbusFunction: UInt8, Sendable, Codable {
    case readHoldingRegisters = 3
    case readInputRegisters = 4
}

public struct ModbusRequest: Sendable, Equatable {
    public var transaction: UInt16
    public var unit: UInt8
    public var function: ModbusFunction
    public var address: UInt16
    public var count: UInt16

    public init(transaction: UInt16, unit: UInt8, function: ModbusFunction, address: UInt16, count: UInt16) {
        self.transaction = transaction; self.unit = unit; self.function = function; self.address = address; self.count = count
    }

    /// 12 bytes: transaction, protocol 0, length 6, unit, function, address, quantity (big-endian).
    public var bytes: [UInt8] {
        [UInt8(transaction >> 8), UInt8(transaction & 0xFF), 0, 0, 0, 6, unit, function.rawValue,
         UInt8(address >> 8), UInt8(address & 0xFF), UInt8(count >> 8), UInt8(count & 0xFF)]
    }
}

/// What came back for a request.
public enum ModbusResponse: Sendable, Equatable {
    case registers(transaction: UInt16, unit: UInt8, function: ModbusFunction, values: [UInt16])
    /// An exception response: function code | 0x80 and an exception code.
    case exception(transaction: UInt16, unit: UInt8, function: UInt8, code: UInt8)

    public var transaction: UInt16 {
        switch self {
        case .registers(let t, _, _, _), .exception(let t, _, _, _): return t
        }
    }
}

public enum ModbusError: Error, Equatable, CustomStringConvertible {
    case badProtocol(UInt16)
    case badLength(declared: Int, actual: Int)
    case badByteCount(declared: Int, expected: Int)
    case unexpectedFunction(UInt8)
    case tooLong(Int)
    case wrongTransaction(expected: UInt16, got: UInt16)
    case exception(function: UInt8, code: UInt8)
    case timeout(seconds: Double)
    case disconnected

    public var description: String {
        switch self {
        case .badProtocol(let p): return "protocol id \(p) in the MBAP header, not 0"
        case .badLength(let d, let a): return "MBAP length says \(d) bytes follow, the frame has \(a)"
        case .badByteCount(let d, let e): return "byte count \(d) where \(e) were asked for"
        case .unexpectedFunction(let f): return "function code \(f) in a response to a register read"
        case .tooLong(let n): return "frame of \(n) bytes exceeds the 260-byte Modbus TCP limit"
        case .wrongTransaction(let e, let g): return "transaction id \(g) where \(e) was expected"
        case .exception(let f, let c): return "exception \(c) (\(ModbusError.exceptionName(c))) to function \(f & 0x7F)"
        case .timeout(let s): return "no answer within \(s) s"
        case .disconnected: return "the peer closed the connection"
        }
    }

    static func exceptionName(_ c: UInt8) -> String {
        switch c {
        case 1: return "illegal function"
        case 2: return "illegal data address"
        case 3: return "illegal data value"
        case 4: return "server device failure"
        case 5: return "acknowledge"
        case 6: return "server device busy"
        case 10: return "gateway path unavailable"
        case 11: return "gateway target failed to respond"
        default: return "unknown"
        }
    }
}

public enum ModbusCodec {
    static let maxFrame = 260
    static let maxRegisters: UInt16 = 125

    /// Splits one complete ADU off the front of `buffer`; nil when more bytes are needed.
    /// Throws on a frame that can never be valid (the caller should drop the connection).
    public static func nextFrame(_ buffer: inout [UInt8]) throws -> [UInt8]? {
        guard buffer.count >= 7 else { return nil }
        let proto = UInt16(buffer[2]) << 8 | UInt16(buffer[3])
        guard proto == 0 else { throw ModbusError.badProtocol(proto) }
        let length = Int(buffer[4]) << 8 | Int(buffer[5])
        guard length >= 2, 6 + length <= maxFrame else { throw ModbusError.tooLong(6 + length) }
        guard buffer.count >= 6 + length else { return nil }
        let frame = Array(buffer[0..<(6 + length)])
        buffer.removeFirst(6 + length)
        return frame
    }

    /// Decodes one ADU as a response to `request`.
    public static func decode(_ f: [UInt8], for request: ModbusRequest) throws -> ModbusResponse {
        guard f.count >= 9 else { throw ModbusError.badLength(declared: f.count, actual: f.count) }
        let transaction = UInt16(f[0]) << 8 | UInt16(f[1])
        guard transaction == request.transaction else { throw ModbusError.wrongTransaction(expected: request.transaction, got: transaction) }
        let declared = Int(f[4]) << 8 | Int(f[5])
        guard declared == f.count - 6 else { throw ModbusError.badLength(declared: declared, actual: f.count - 6) }
        let unit = f[6], function = f[7]
        if function & 0x80 != 0 {
            return .exception(transaction: transaction, unit: unit, function: function, code: f[8])
        }
        guard function == request.function.rawValue else { throw ModbusError.unexpectedFunction(function) }
        let byteCount = Int(f[8])
        guard byteCount == Int(request.count) * 2 else { throw ModbusError.badByteCount(declared: byteCount, expected: Int(request.count) * 2) }
        guard f.count == 9 + byteCount else { throw ModbusError.badLength(declared: declared, actual: f.count - 6) }
        var values: [UInt16] = []
        values.reserveCapacity(Int(request.count))
        for i in 0..<Int(request.count) { values.append(UInt16(f[9 + 2 * i]) << 8 | UInt16(f[10 + 2 * i])) }
        return .registers(transaction: transaction, unit: unit, function: request.function, values: values)
    }
}
