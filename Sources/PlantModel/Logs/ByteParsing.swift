/// Number and timestamp parsing straight from bytes. The report's speed target (hundreds of MB/s)
/// rules out building a String per cell; Foundation offers no byte-level Double parser.
enum ByteParsing {
    /// 10^k for 0 ≤ k ≤ 22, every one exact in binary64. A switch on literals, not a global
    /// array: globals are lazily initialised and pay a `swift_once` check on every access.
    @inline(__always) static func exactPow10(_ k: Int) -> Double {
        switch k {
        case 0: return 1e0; case 1: return 1e1; case 2: return 1e2; case 3: return 1e3
        case 4: return 1e4; case 5: return 1e5; case 6: return 1e6; case 7: return 1e7
        case 8: return 1e8; case 9: return 1e9; case 10: return 1e10; case 11: return 1e11
        case 12: return 1e12; case 13: return 1e13; case 14: return 1e14; case 15: return 1e15
        case 16: return 1e16; case 17: return 1e17; case 18: return 1e18; case 19: return 1e19
        case 20: return 1e20; case 21: return 1e21; default: return 1e22
        }
    }

    /// Parses a decimal number (optional sign, digits, fraction, exponent). Returns nil for
    /// anything else, including empty input. `nan`/`inf` spellings parse to non-finite values
    /// so the caller can reject them under their own reason.
    @inline(__always)
    static func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == 45 { negative = true; i = 1 } else if p[0] == 43 { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fracDigits = 0
        var sawDigit = false, truncated = false
        // Leading zeros are not significant digits: counted, they would use up the 19 the
        // mantissa holds and drop the digits that matter ("0.000…0001234" read as 0). They are
        // skipped before the digit loops, which stay as tight as they were.
        while i < n && p[i] == 48 { i += 1; sawDigit = true }
        while i < n, p[i] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); digits += 1 } else { fracDigits -= 1; truncated = true }
            sawDigit = true
            i += 1
        }
        if i < n && p[i] == 46 {
            i += 1
            if digits == 0 { while i < n && p[i] == 48 { fracDigits += 1; i += 1; sawDigit = true } }
            while i < n, p[i] &- 48 < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); digits += 1; fracDigits += 1 }
                // Digits beyond the 19th decide only the rounding: that is strtod's job.
                else { truncated = true }
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return special(p, n) }
        var exp10 = -fracDigits
        if i < n && (p[i] == 101 || p[i] == 69) {
            i += 1
            var eneg = false
            if i < n && (p[i] == 45 || p[i] == 43) { eneg = p[i] == 45; i += 1 }
            var e = 0, any = false
            while i < n, p[i] &- 48 < 10 { e = min(e * 10 + Int(p[i] &- 48), 10_000); i += 1; any = true }
            guard any else { return nil }
            exp10 += eneg ? -e : e
        }
        guard i == n else { return nil }
        // Exact when the mantissa fits 53 bits and the power of ten is exact (≤ 10²²): one
        // correctly rounded operation. Otherwise defer to strtod.
        if mantissa < (1 << 53) && exp10 >= -22 && exp10 <= 22 && !truncated {
            let m = Double(mantissa)
            let v = exp10 < 0 ? m / exactPow10(-exp10) : m * exactPow10(exp10)
            return negative ? -v : v
        }
        return slow(p, n)
    }

    static func special(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        let s = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self).lowercased()
        switch s {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    static func slow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var buf = [CChar](repeating: 0, count: n + 1)
        for k in 0..<n { buf[k] = CChar(bitPattern: p[k]) }
        var end: UnsafeMutablePointer<CChar>?
        let v = buf.withUnsafeMutableBufferPointer { b -> Double in
            let r = strtod(b.baseAddress!, &end)
            return end == b.baseAddress! + n ? r : .nan
        }
        return end == nil ? nil : v
    }
}

/// Parses timestamps as ISO 8601 (with or without offset or fraction) or Unix epoch seconds,
/// caching the date part: consecutive rows almost always share it.
struct TimestampParser: Sendable {
    public let defaultOffset: Int
    private var cachedDate: (UInt64, UInt16) = (0, 0)
    private var cachedDays = 0

    public init(defaultOffset: Int) { self.defaultOffset = defaultOffset }

    public mutating func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n > 0 else { return nil }
        // Epoch seconds: digits, optional fraction, nothing else.
        if n >= 10 && p[4] != 45 {
            return epoch(p, n)
        }
        guard n >= 10, p[4] == 45, p[7] == 45 else { return n < 10 ? epoch(p, n) : nil }
        // Fast path: YYYY-MM-DDTHH:MM:SS followed by optional .fff and Z or ±HH:MM.
        if n >= 19, p[10] == 84 || p[10] == 32, p[13] == 58, p[16] == 58 {
            var key: (UInt64, UInt16) = (0, 0)
            withUnsafeMutableBytes(of: &key.0) { $0.copyMemory(from: UnsafeRawBufferPointer(start: p, count: 8)) }
            key.1 = UInt16(p[8]) << 8 | UInt16(p[9])
            var days: Int
            if key == cachedDate {
                days = cachedDays
            } else {
                guard let y = digits(p, 0, 4), let mo = digits(p, 5, 2), let d = digits(p, 8, 2),
                      mo >= 1, mo <= 12, d >= 1, d <= CivilTime.daysInMonth(y, mo) else { return nil }
                days = CivilTime.daysFromCivil(y, mo, d)
                cachedDate = key
                cachedDays = days
            }
            guard let h = digits(p, 11, 2), let mi = digits(p, 14, 2), let s = digits(p, 17, 2),
                  h < 24, mi < 60, s < 61 else { return ISO8601.parse(UnsafeBufferPointer(start: p, count: n), defaultOffset: defaultOffset) }
            var i = 19
            var frac = 0.0
            if i < n && (p[i] == 46 || p[i] == 44) {
                i += 1
                var scale = 0.1
                let start = i
                while i < n, p[i] &- 48 < 10 { frac += Double(p[i] &- 48) * scale; scale *= 0.1; i += 1 }
                guard i > start else { return nil }
            }
            var offset = defaultOffset
            if i < n {
                if p[i] == 90 && i + 1 == n {
                    offset = 0
                } else if (p[i] == 43 || p[i] == 45) && (n - i == 6 || n - i == 5 || n - i == 3) {
                    guard let oh = digits(p, i + 1, 2) else { return nil }
                    var om = 0
                    if n - i == 6 { guard p[i + 3] == 58, let m = digits(p, i + 4, 2) else { return nil }; om = m }
                    if n - i == 5 { guard let m = digits(p, i + 3, 2) else { return nil }; om = m }
                    offset = (p[i] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
            return Double(days * 86_400 + h * 3600 + mi * 60 + min(s, 59) - offset) + frac
        }
        return ISO8601.parse(UnsafeBufferPointer(start: p, count: n), defaultOffset: defaultOffset)
    }

    @inline(__always) func digits(_ p: UnsafePointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var v = 0
        for k in at..<(at + count) {
            let c = p[k] &- 48
            guard c < 10 else { return nil }
            v = v * 10 + Int(c)
        }
        return v
    }

    func epoch(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard let v = ByteParsing.double(p, n), v.isFinite, v >= 0, v < 1e11 else { return nil }
        for k in 0..<n where p[k] == 101 || p[k] == 69 || p[k] == 45 { return nil }
        return v
    }
}
