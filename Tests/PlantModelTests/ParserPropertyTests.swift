#if canImport(Glibc)
import Glibc
#endif
import Testing
import PropertyBased
@testable import PlantModel

/// The fast parsers against references: the number parser against the C library's strtod, the
/// timestamp parser against the careful ISO 8601 one, and block reading against itself at other
/// block sizes (nothing may depend on where a block ends).
@Suite struct ParserPropertyTests {
    static func fast(_ s: String) -> Double? {
        var b = Array(s.utf8)
        return b.withUnsafeMutableBufferPointer { ByteParsing.double($0.baseAddress!, $0.count) }
    }

    static func strtodValue(_ s: String) -> Double? {
        var end: UnsafeMutablePointer<CChar>?
        return s.withCString { p -> Double? in
            let v = strtod(p, &end)
            return end == UnsafeMutablePointer(mutating: p) + s.utf8.count && !s.isEmpty ? v : nil
        }
    }

    /// Decimal text with leading zeros, up to 30 significant digits, a fraction, an exponent, a sign.
    static func number(_ lead: Int, _ digits: [Int], _ point: Int, _ exp: Int, _ form: Int) -> String {
        var s = form & 1 == 1 ? "-" : (form & 2 == 2 ? "+" : "")
        s += String(repeating: "0", count: lead)
        let d = digits.map(String.init).joined()
        let p = min(point, d.count)
        s += String(d.prefix(p))
        if p < d.count || form & 4 == 4 { s += "." + d.dropFirst(p) }
        if s.allSatisfy({ "+-.".contains($0) }) { s += "0" }
        if form & 8 == 8 { s += (form & 16 == 16 ? "E" : "e") + String(exp) }
        return s
    }

    @Test func numbersAgreeWithStrtod() async {
        await propertyCheck(count: 4000, input: Gen.int(in: 0...22), Gen.int(in: 0...9).array(of: 0...30), Gen.int(in: 0...30),
                            Gen.int(in: -340...320), Gen.int(in: 0...31)) { lead, digits, point, exp, form in
            let s = ParserPropertyTests.number(lead, digits, point, exp, form)
            let a = ParserPropertyTests.fast(s), b = ParserPropertyTests.strtodValue(s)
            #expect(a?.bitPattern == b?.bitPattern, "\(s): fast \(String(describing: a)), strtod \(String(describing: b))")
        }
    }

    @Test func numberEdgeCases() {
        for s in ["0.0000000000000000000001234", "000000000000000000000012345678901234567890", "1234567890123456789012",
                  "9007199254740993", "0.1", "-0", "+7.", ".5", "1e-400", "1e400", "123456789012345678.5", "4.9406564584124654e-324"] {
            #expect(ParserPropertyTests.fast(s)?.bitPattern == ParserPropertyTests.strtodValue(s)?.bitPattern, "\(s)")
        }
        for s in ["", "-", ".", "e5", "1e", "1.2.3", "12a", "0x10", " 1"] { #expect(ParserPropertyTests.fast(s) == nil, "\(s)") }
    }

    @Test func timestampsAgreeWithTheCarefulParser() async {
        await propertyCheck(count: 4000, input: Gen.int(in: 1900...2200), Gen.int(in: 1...12), Gen.int(in: 1...31),
                            Gen.int(in: 0...86_400), Gen.int(in: 0...9_999_999), Gen.int(in: 0...63)) { year, month, day, secs, frac, form in
            var s = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            // Second 60 (a leap second) and hour 24 appear in real exports; both parsers must agree on them.
            let h = secs / 3600, m = secs % 3600 / 60, sec = form & 32 == 32 && secs % 7 == 0 ? 60 : secs % 60
            func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
            s += (form & 1 == 1 ? " " : "T") + "\(two(h)):\(two(m)):\(two(sec))"
            if form & 2 == 2 { s += "." + String(String(frac).prefix(1 + frac % 7)) }
            switch (form >> 2) & 3 {
            case 1: s += "Z"
            case 2: s += "+" + two(frac % 15) + ":" + two((frac / 7) % 4 * 15)
            case 3: s += "-" + two(frac % 13) + ":00"
            default: break
            }
            var bytes = Array(s.utf8)
            var parser = TimestampParser(defaultOffset: 8 * 3600)
            let a = bytes.withUnsafeMutableBufferPointer { parser.parse($0.baseAddress!, $0.count) }
            let b = ISO8601.parse(s, defaultOffset: 8 * 3600)
            #expect(a == b, "\(s): fast \(String(describing: a)), careful \(String(describing: b))")
        }
    }

    /// A wide log with bad cells, quotes, CRLF endings, comments and blank lines: the same rows,
    /// readings, rejects, lines and columns whatever the block size.
    @Test func blockBoundariesChangeNothing() async throws {
        await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...2000)) { seed, extra in
            var rng = SplitMix64(seed: seed)
            func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
            var text = MessyWideLog.header
            var t = 1_546_300_800
            var longest = text.utf8.count
            for _ in 0..<(200 + pick(300)) {
                let line = MessyWideLog.line(&t, pick)
                longest = max(longest, line.utf8.count)
                text += line
            }
            let path = tempFile(text, name: "blocks-\(seed).csv")
            func run(_ blockSize: Int) throws -> ([String], [String]) {
                let r = try LogReader(paths: [path], candidates: [HumanwellPlant.definition], blockSize: blockSize)
                var rows: [String] = []
                try r.read { row in
                    rows.append(MessyWideLog.render(row))
                }
                let issues = r.tally.examples.map { "\($0.line):\($0.column.map(String.init) ?? "-"):\($0.reason.rawValue)" }
                return (rows, issues + r.tally.byReason.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" })
            }
            do {
                let reference = try run(LogFile.defaultBlockSize)
                let other = try run(longest + 1 + extra)
                #expect(reference.0 == other.0, "rows differ at block size \(longest + 1 + extra)")
                #expect(reference.1 == other.1, "rejects differ at block size \(longest + 1 + extra)")
                #expect(reference.0.count > 30, "the generated log delivers rows")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
