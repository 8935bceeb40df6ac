import ArgumentParser
import PlantModel

struct ModbusMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modbus-map",
        abstract: "Print a starting Modbus register map (YAML) for a plant's tags, to edit to the real devices.")

    @OptionGroup var plants: PlantOptions

    func run() throws {
        let p = try plants.one()
        print("# plantwatch register map for \(p.id): one entry per tag.", terminator: "\n")
        print("# type: u16 i16 u32 i32 f32 f64; word_order/byte_order: big (default) or little;", terminator: "\n")
        print("# value = raw × scale + offset; function: 3 holding (default) or 4 input registers; poll: seconds.", terminator: "\n")
        print(try RegisterMap.starting(for: p).yaml(), terminator: "")
    }
}
