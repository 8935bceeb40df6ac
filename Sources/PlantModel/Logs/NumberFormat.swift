/// Fixed-point decimal formatting straight into bytes. `String(format:)` and `description`
/// allocate and are locale- or shortest-repr-driven; a log writer needs a fixed number of
/// decimals, identical on every machine, at tens of millions of values per second.
public enum NumberFormat {
    public static func append(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        guard value.isFinite else { out.append(contentsOf: Array("nan".utf8)); return }
        let scale = pow10(decimals)
        var scaled = (abs(value) * scale).rounded()
        if scaled > 9.0e17 {   // beyond Int64's exact range: fall back to Swift's formatting
            out.append(contentsOf: Array(String(value).utf8))
            return
        }
        if value < 0 && scaled > 0 { out.append(UInt8(ascii: "-")) }
        if scaled == 0 { scaled = 0 }
        var n = UInt64(scaled)
        var buf = [UInt8](repeating: 0, count: 24)
        var i = 24
        var digits = 0
        repeat {
            i -= 1
            buf[i] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
            digits += 1
            if digits == decimals {
                i -= 1
                buf[i] = UInt8(ascii: ".")
            }
        } while n > 0 || digits <= decimals
        if buf[i] == UInt8(ascii: ".") { i -= 1; buf[i] = UInt8(ascii: "0") }
        out.append(contentsOf: buf[i...])
    }

    public static func string(_ value: Double, decimals: Int) -> String {
        var b: [UInt8] = []
        append(value, decimals: decimals, to: &b)
        return String(decoding: b, as: UTF8.self)
    }
}
