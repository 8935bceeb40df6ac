/// RFC 4180 field splitting of one line (without its line ending). The fast path (no quote
/// character in the line) yields byte ranges into the line; a quoted line is unescaped into a
/// scratch buffer. Embedded newlines inside quotes are not supported: historians do not write
/// them in numeric logs, and a reader that allowed them could not split a file into blocks.
struct CSVFields {
    public private(set) var starts: [Int] = []
    public private(set) var ends: [Int] = []
    /// Where the fields' bytes live: the line itself, or the scratch buffer for quoted lines.
    private(set) var usesScratch = false
    private(set) var scratch: [UInt8] = []
    /// Set when quotes are unbalanced or a quoted field is followed by stray characters.
    public private(set) var malformed = false

    public init() {
        starts.reserveCapacity(64)
        ends.reserveCapacity(64)
    }

    public var count: Int { starts.count }

    public mutating func split(_ p: UnsafePointer<UInt8>, _ n: Int) {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        malformed = false
        var hasQuote = false
        for i in 0..<n where p[i] == 34 { hasQuote = true; break }
        usesScratch = hasQuote
        if !hasQuote {
            var s = 0
            for i in 0..<n where p[i] == 44 {
                starts.append(s); ends.append(i); s = i + 1
            }
            starts.append(s); ends.append(n)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        var i = 0
        while true {
            let fieldStart = scratch.count
            if i < n && p[i] == 34 {
                i += 1
                var closed = false
                while i < n {
                    if p[i] == 34 {
                        if i + 1 < n && p[i + 1] == 34 { scratch.append(34); i += 2; continue }
                        i += 1; closed = true; break
                    }
                    scratch.append(p[i]); i += 1
                }
                if !closed { malformed = true }
                if i < n && p[i] != 44 { malformed = true; while i < n && p[i] != 44 { scratch.append(p[i]); i += 1 } }
            } else {
                while i < n && p[i] != 44 { scratch.append(p[i]); i += 1 }
            }
            starts.append(fieldStart); ends.append(scratch.count)
            if i >= n { break }
            i += 1   // the comma
            if i == n { starts.append(scratch.count); ends.append(scratch.count); break }
        }
    }

    /// Trims spaces around a field's range.
    @inline(__always) public static func trim(_ base: UnsafePointer<UInt8>, _ s: inout Int, _ e: inout Int) {
        while s < e && (base[s] == 32 || base[s] == 9) { s += 1 }
        while e > s && (base[e - 1] == 32 || base[e - 1] == 9) { e -= 1 }
    }
}

/// UTF-8 validation of a byte range, by the Unicode table of well-formed sequences.
enum UTF8Check {
    static func isValid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            let c = p[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            guard p[i + 1] >= lo && p[i + 1] <= hi else { return false }
            for k in 2...max(2, need) where k <= need {
                guard p[i + k] >= 0x80 && p[i + k] <= 0xBF else { return false }
            }
            i += need + 1
        }
        return true
    }
}
