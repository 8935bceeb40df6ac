import Yams

/// How each plant tag sits in a device's registers: unit id, register address, data type, word and
/// byte order, scale and offset (value = raw · scale + offset), function code and poll interval.
public struct RegisterMap: Sendable, Codable, Equatable {
    public enum DataType: String, Sendable, Codable, CaseIterable {
        case u16, i16, u32, i32, f32, f64
        public var registers: Int {
            switch self {
            case .u16, .i16: return 1
            case .u32, .i32, .f32: return 2
            case .f64: return 4
            }
        }
    }

    public enum Order: String, Sendable, Codable { case big, little }

    public struct Entry: Sendable, Codable, Equatable {
        public var tag: String
        public var unit: UInt8
        public var address: UInt16
        public var type: DataType
        /// Word order across registers ("big": most significant register first, the Modbus norm).
        public var word_order: Order?
        /// Byte order within a register ("big" is the Modbus norm).
        public var byte_order: Order?
        public var scale: Double?
        public var offset: Double?
        public var function: ModbusFunction?
        /// Seconds between polls.
        public var poll: Double?

        public init(tag: String, unit: UInt8 = 1, address: UInt16, type: DataType, function: ModbusFunction = .readHoldingRegisters, poll: Double = 10) {
            self.tag = tag; self.unit = unit; self.address = address; self.type = type
            self.function = function; self.poll = poll
        }
    }

    public var plant: String
    public var registers: [Entry]

    public struct MapError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Decodes an entry's value from its registers (already in the entry's word order as read).
    public static func value(_ e: Entry, _ regs: ArraySlice<UInt16>) -> Double {
        var words = Array(regs)
        if (e.word_order ?? .big) == .little { words.reverse() }
        if (e.byte_order ?? .big) == .little { words = words.map { $0.byteSwapped } }
        var raw: UInt64 = 0
        for w in words { raw = raw << 16 | UInt64(w) }
        let v: Double
        switch e.type {
        case .u16: v = Double(UInt16(truncatingIfNeeded: raw))
        case .i16: v = Double(Int16(bitPattern: UInt16(truncatingIfNeeded: raw)))
        case .u32: v = Double(UInt32(truncatingIfNeeded: raw))
        case .i32: v = Double(Int32(bitPattern: UInt32(truncatingIfNeeded: raw)))
        case .f32: v = Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
        case .f64: v = Double(bitPattern: raw)
        }
        return v * (e.scale ?? 1) + (e.offset ?? 0)
    }

    /// The registers a value is written as (for test servers and simulations).
    public static func registers(_ e: Entry, value x: Double) -> [UInt16] {
        let raw0 = (x - (e.offset ?? 0)) / (e.scale ?? 1)
        var bits: UInt64
        switch e.type {
        case .u16: bits = UInt64(UInt16(clamping: Int(raw0.rounded())))
        case .i16: bits = UInt64(UInt16(bitPattern: Int16(clamping: Int(raw0.rounded()))))
        case .u32: bits = UInt64(UInt32(clamping: Int(raw0.rounded())))
        case .i32: bits = UInt64(UInt32(bitPattern: Int32(clamping: Int(raw0.rounded()))))
        case .f32: bits = UInt64(Float(raw0).bitPattern)
        case .f64: bits = raw0.bitPattern
        }
        var words: [UInt16] = []
        for i in stride(from: e.type.registers - 1, through: 0, by: -1) { words.append(UInt16(truncatingIfNeeded: bits >> (16 * UInt64(i)))) }
        if (e.byte_order ?? .big) == .little { words = words.map { $0.byteSwapped } }
        if (e.word_order ?? .big) == .little { words.reverse() }
        return words
    }

    /// Requests covering the map: contiguous registers of one unit and function batched up to
    /// 125 registers, bridging gaps of up to 8 unused registers.
    public func requests() -> [(unit: UInt8, function: ModbusFunction, address: UInt16, count: UInt16, entries: [Entry])] {
        var out: [(UInt8, ModbusFunction, UInt16, UInt16, [Entry])] = []
        let groups = Dictionary(grouping: registers) { "\($0.unit)/\(($0.function ?? .readHoldingRegisters).rawValue)" }
        for key in groups.keys.sorted() {
            let list = groups[key]!.sorted { $0.address < $1.address }
            var current: (UInt8, ModbusFunction, UInt16, UInt16, [Entry])?
            for e in list {
                let end = UInt32(e.address) + UInt32(e.type.registers)
                if var c = current, UInt32(e.address) <= UInt32(c.2) + UInt32(c.3) + 8, end - UInt32(c.2) <= UInt32(ModbusCodec.maxRegisters) {
                    c.3 = UInt16(max(UInt32(c.3), end - UInt32(c.2)))
                    c.4.append(e)
                    current = c
                } else {
                    if let c = current { out.append(c) }
                    current = (e.unit, e.function ?? .readHoldingRegisters, e.address, UInt16(e.type.registers), [e])
                }
            }
            if let c = current { out.append(c) }
        }
        return out
    }

    public func validate(against plant: PlantDefinition) throws {
        for e in registers {
            guard plant.tags.index(of: e.tag) != nil else { throw MapError(description: "register map: '\(Sanitize.line(e.tag))' is not a tag of plant \(plant.id)") }
            guard UInt32(e.address) + UInt32(e.type.registers) <= 65_536 else { throw MapError(description: "register map: \(e.tag) runs past register 65535") }
            if let p = e.poll, !(p >= 0.1 && p <= 3600) { throw MapError(description: "register map: \(e.tag) poll \(p) s is outside 0.1–3600 s") }
        }
    }

    /// A starting map for a plant: every tag from register 0 up, f64 for totalisers (large counts,
    /// exact to 2⁵³), f32 for everything else, holding registers, unit 1, 10 s polls.
    public static func starting(for plant: PlantDefinition) -> RegisterMap {
        var address: UInt16 = 0
        var entries: [Entry] = []
        for t in plant.tags.tags {
            let type: DataType = t.kind == .totaliser ? .f64 : .f32
            entries.append(Entry(tag: t.id, address: address, type: type))
            address += UInt16(type.registers)
        }
        return RegisterMap(plant: plant.id, registers: entries)
    }

    public func yaml() throws -> String { try YAMLEncoder().encode(self) }

    public static func load(_ text: String, path: String) throws -> RegisterMap {
        do { return try YAMLDecoder().decode(RegisterMap.self, from: text) } catch {
            throw MapError(description: "\(path): \(Sanitize.line(String(describing: error), limit: 300))")
        }
    }
}
