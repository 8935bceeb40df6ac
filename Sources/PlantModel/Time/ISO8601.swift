/// ISO 8601 timestamps as plantwatch writes and reads them.
public enum ISO8601 {
    /// "+08:00" for 28 800 s; "Z" for 0 when `zulu` is set.
    static func offsetString(_ offset: Int, zulu: Bool = false) -> String {
        if offset == 0 && zulu { return "Z" }
        let sign = offset < 0 ? "-" : "+"
        let a = abs(offset)
        return sign + pad2(a / 3600) + ":" + pad2((a % 3600) / 60)
    }

    /// `2019-05-01T08:00:00+08:00`; fractional seconds only when present (milliseconds).
    public static func format(_ epoch: Double, offset: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        append(epoch, offset: offset, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the timestamp to a byte buffer without building a String: the log writer's hot path.
    public static func append(_ epoch: Double, offset: Int, to out: inout [UInt8]) {
        let c = CivilTime(epoch: epoch, offset: offset)
        appendInt(c.year, width: 4, to: &out); out.append(UInt8(ascii: "-"))
        appendInt(c.month, width: 2, to: &out); out.append(UInt8(ascii: "-"))
        appendInt(c.day, width: 2, to: &out); out.append(UInt8(ascii: "T"))
        appendInt(c.hour, width: 2, to: &out); out.append(UInt8(ascii: ":"))
        appendInt(c.minute, width: 2, to: &out); out.append(UInt8(ascii: ":"))
        appendInt(c.second, width: 2, to: &out)
        let ms = Int((c.fraction * 1000).rounded())
        if ms > 0 && ms < 1000 {
            out.append(UInt8(ascii: "."))
            appendInt(ms, width: 3, to: &out)
        }
        appendOffset(offset, to: &out)
    }

    static func appendOffset(_ offset: Int, to out: inout [UInt8]) {
        let a = abs(offset)
        out.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        appendInt(a / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendInt((a % 3600) / 60, width: 2, to: &out)
    }

    @inline(__always) static func appendInt(_ v: Int, width: Int, to out: inout [UInt8]) {
        var div = 1
        for _ in 1..<width { div *= 10 }
        var x = v
        while div > 0 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (x / div) % 10))
            x %= div
            div /= 10
        }
    }

    static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an optional `Z` or `±HH:MM`
    /// offset (a space may stand for `T`). Without an offset the time is local at
    /// `defaultOffset`. Returns nil for anything malformed or out of range.
    public static func parse(_ text: String, defaultOffset: Int) -> Double? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0), defaultOffset: defaultOffset) }
    }

    public static func parse(_ b: UnsafeBufferPointer<UInt8>, defaultOffset: Int) -> Double? {
        var i = 0
        let n = b.count
        func num(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += count
            return v
        }
        func expect(_ ch: UInt8) -> Bool {
            guard i < n, b[i] == ch else { return false }
            i += 1
            return true
        }
        guard let y = num(4), expect(45), let mo = num(2), expect(45), let d = num(2) else { return nil }
        guard mo >= 1 && mo <= 12 && d >= 1 && d <= CivilTime.daysInMonth(y, mo) else { return nil }
        var h = 0, mi = 0, s = 0
        var frac = 0.0
        if i < n && (b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ")) {
            i += 1
            guard let hh = num(2), expect(58), let mm = num(2) else { return nil }
            h = hh; mi = mm
            if i < n && b[i] == 58 {
                i += 1
                guard let ss = num(2) else { return nil }
                s = ss
                if i < n && (b[i] == 46 || b[i] == 44) {
                    i += 1
                    var scale = 0.1
                    var any = false
                    while i < n, b[i] >= 48, b[i] <= 57 {
                        frac += Double(b[i] - 48) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    guard any else { return nil }
                }
            }
            guard h <= 24 && mi <= 59 && s <= 60 else { return nil }
            if h == 24 && (mi != 0 || s != 0) { return nil }
        }
        var offset = defaultOffset
        if i < n {
            if b[i] == UInt8(ascii: "Z") {
                offset = 0
                i += 1
            } else if b[i] == 43 || b[i] == 45 {
                let sign = b[i] == 45 ? -1 : 1
                i += 1
                guard let oh = num(2) else { return nil }
                var om = 0
                if i < n && b[i] == 58 { i += 1 }
                if i < n { guard let m = num(2) else { return nil }; om = m }
                guard oh <= 14 && om <= 59 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        guard i == n else { return nil }
        return CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: min(s, 59)).epoch(offset: offset) + frac
    }
}
