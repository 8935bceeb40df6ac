// The C library (math, POSIX I/O) for every file of the module and its users. plantwatch avoids
// the full Foundation on purpose: it maps ICU and costs ~7 MB of resident memory at start-up,
// a fifth of the report's memory budget. FoundationEssentials (JSON, Data) is enough.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif

/// Small string helpers that would otherwise pull in Foundation.
extension StringProtocol {
    /// The string without leading and trailing spaces and tabs.
    public var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }

    /// Pads with spaces on the right to `width` characters.
    public func padded(to width: Int) -> String {
        count >= width ? String(self) : String(self) + String(repeating: " ", count: width - count)
    }
}

/// Writes text to standard error (unbuffered, as diagnostics should be).
public func printError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { b in
        var off = 0
        while off < b.count {
            let r = write(2, b.baseAddress! + off, b.count - off)
            if r <= 0 { break }
            off += r
        }
    }
}
