/// Fixed-point decimal formatting straight into bytes. `String(format:)` and `description`
/// allocate and are locale- or shortest-repr-driven; a log writer needs a fixed number of
/// decimals, identical on every machine, at tens of millions of values per second.
public enum NumberFormat {
    public static func append(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        guard value.isFinite else { out.append(contentsOf: "nan".utf8); return }
        let scaled = (abs(value) * pow10(decimals)).rounded()
        if scaled > 9.0e17 {   // beyond Int64's exact range: fall back to Swift's formatting
            out.append(contentsOf: String(value).utf8)
            return
        }
        var n = UInt64(scaled)
        if value < 0 && n > 0 { out.append(UInt8(ascii: "-")) }
        // Digits are written backwards at the end of `out`, then reversed in place: no temporary buffer.
        let first = out.count
        var digits = 0
        repeat {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10))
            n /= 10
            digits += 1
            if digits == decimals { out.append(UInt8(ascii: ".")) }
        } while n > 0 || digits <= decimals
        if out[out.count - 1] == UInt8(ascii: ".") { out.append(UInt8(ascii: "0")) }
        out.withUnsafeMutableBufferPointer { b in
            var i = first, j = b.count - 1
            while i < j { b.swapAt(i, j); i += 1; j -= 1 }
        }
    }

    public static func string(_ value: Double, decimals: Int) -> String {
        var b: [UInt8] = []
        append(value, decimals: decimals, to: &b)
        return String(decoding: b, as: UTF8.self)
    }
}
