#if canImport(Glibc)
import Glibc
#endif

/// A named time zone's offset, read from the system's tz database (/usr/share/zoneinfo, TZif,
/// RFC 8536). Written by hand because Foundation resolves zone names only through ICU
/// (FoundationInternationalization, ~30 MB), and a site file needs just two facts: the offset in
/// force now, and whether the zone still changes its clocks.
enum TimeZoneFile {
    struct Zone: Sendable, Equatable {
        /// Seconds east of UTC now.
        var current: Int
        /// The offset of the zone's standard (non-DST) time now.
        public var standard: Int
        /// Whether it has changed its clocks for daylight saving since 2010.
        var hasDST: Bool
    }

    public static func offsets(_ name: String, root: String = "/usr/share/zoneinfo", now: Double = Double(time(nil))) -> Zone? {
        // A zone name is a relative path of letters, digits, '/', '_', '-', '+'; nothing that climbs out.
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains(".."),
              name.unicodeScalars.allSatisfy({ ($0.properties.isAlphabetic && $0.isASCII) || "0123456789/_-+".unicodeScalars.contains($0) }),
              let bytes = try? ChunkReader.readAll(root + "/" + name) else { return nil }
        return parse(bytes, now: now)
    }

    static func parse(_ b: [UInt8], now: Double) -> Zone? {
        guard b.count >= 44, b[0] == 0x54, b[1] == 0x5A, b[2] == 0x69, b[3] == 0x66 else { return nil }   // "TZif"
        func be32(_ i: Int) -> Int { Int(Int32(bitPattern: UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]))) }
        // Version 1 header counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
        let timecnt = be32(32), typecnt = be32(36)
        let times = 44, indices = times + 4 * timecnt, types = indices + timecnt
        guard typecnt > 0, b.count >= types + 6 * typecnt else { return nil }
        func type(_ k: Int) -> (offset: Int, dst: Bool) { (be32(types + 6 * k), b[types + 6 * k + 4] != 0) }
        let since2010 = 1_262_304_000
        var current = type(0), hasDST = false, standard: Int?
        for n in 0..<timecnt {
            let t = be32(times + 4 * n), k = Int(b[indices + n])
            guard k < typecnt else { return nil }
            if t <= Int(now) { current = type(k) }
            if t >= since2010 && type(k).dst { hasDST = true }
            if t <= Int(now) && !type(k).dst { standard = type(k).offset }
        }
        return Zone(current: current.offset, standard: standard ?? current.offset, hasDST: hasDST)
    }
}
