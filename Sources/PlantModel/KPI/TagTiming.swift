/// How often each tag of a log is sampled and how long a reading may stand for the time after it:
/// the numbers every coverage, gap, stale and flatline rule scales with, so that the same plant
/// reads the same from a 1 s Modbus poll, a 15-minute BMS export or a historian's exception-reported
/// archive.
///
/// - `interval`: seconds between a tag's samples: the site file's `interval:` where it states one,
///   else learned from the log (the 10th percentile of the tag's spacings, which is the logger's step
///   for regular and for exception-reported data alike), else 60 s.
/// - `maxAge`: how long a process value or rate holds until its next reading (historians' step
///   interpolation); an interval longer than this is a gap. Site file `max_age:` where given; for a
///   tag the log shows to be exception-reported, the historian's keep-alive learned from the log;
///   else 5 intervals.
/// - `exceptionReported`: more than 10 % of the tag's spacings exceed 1.5 intervals: its readings
///   come when the value moves, so silence up to `maxAge` is normal.
public struct TagTiming: Sendable, Equatable {
    public var interval: [Double]
    var maxAge: [Double]
    var exceptionReported: [Bool]

    /// Spacings beyond this many intervals are gaps on regularly sampled tags.
    static let gapIntervals = 5.0

    /// The site file's (or built-in) intervals, for live sources whose sampling is known.
    public init(registry: TagRegistry) {
        interval = registry.tags.map(\.interval)
        maxAge = registry.tags.map { $0.maxAge ?? TagTiming.gapIntervals * $0.interval }
        exceptionReported = Array(repeating: false, count: registry.count)
    }

    public init(interval: [Double], maxAge: [Double], exceptionReported: [Bool]) {
        self.interval = interval
        self.maxAge = maxAge
        self.exceptionReported = exceptionReported
    }

    /// Seconds without a reading after which a tag is stale: three intervals, or for an
    /// exception-reported tag its maximum age (a keep-alive must have come by then).
    func silentAfter(_ i: Int) -> Double {
        exceptionReported[i] ? max(3 * interval[i], maxAge[i]) : 3 * interval[i]
    }

    /// Learns the timing from the spacing of each tag's readings. `spacings[i]`: tag i's successive
    /// spacings in seconds (a sample of them: the first day or two of a log is plenty). Tags with
    /// fewer than 8 spacings keep the registry's values.
    public static func learn(registry: TagRegistry, spacings: [[Double]]) -> TagTiming {
        var t = TagTiming(registry: registry)
        var keepAlive = 0.0
        for (i, tag) in registry.tags.enumerated() where spacings[i].count >= 8 {
            let s = spacings[i].sorted()
            let step = s[s.count / 10]
            guard step > 0 else { continue }
            if !tag.intervalStated { t.interval[i] = step }
            let long = s.reduce(0) { $0 + ($1 > 1.5 * step ? 1 : 0) }
            t.exceptionReported[i] = Double(long) > 0.1 * Double(s.count)
            if t.exceptionReported[i] {
                // The keep-alive: the longest spacing that recurs (three times or more); a dropout,
                // once, is not it.
                var k = s.count - 1
                while k >= 2 && s[k - 2] != s[k] { k -= 1 }
                if k >= 2 { keepAlive = max(keepAlive, s[k]) }
            }
        }
        for (i, tag) in registry.tags.enumerated() {
            if let m = tag.maxAge { t.maxAge[i] = m; continue }
            t.maxAge[i] = gapIntervals * t.interval[i]
            // A historian's maximum time is one setting for the archive, so every exception-reported
            // tag holds up to the keep-alive seen on any of them.
            if t.exceptionReported[i] { t.maxAge[i] = max(t.maxAge[i], keepAlive * 1.01) }
        }
        return t
    }
}

extension LogReader {
    private struct Learned: Error {}

    /// The timing of this reader's logs, learned from the first two days (or 50,000 instants) of
    /// a fresh reader over the same files, so the pipeline can be set up before the real read.
    public func learnTiming() -> TagTiming {
        let n = plant.tags.count
        var spacings = Array(repeating: [Double](), count: n)
        var last = Array(repeating: Double.nan, count: n)
        guard let sample = try? LogReader(paths: files.map(\.path), candidates: [plant]) else { return TagTiming(registry: plant.tags) }
        var first = Double.nan, rows = 0
        do {
            try sample.read(parallel: false) { row in
                if first.isNaN { first = row.time }
                for k in 0..<row.count where !row.values[k].isNaN {
                    let i = Int(row.tags[k])
                    if !last[i].isNaN { spacings[i].append(row.time - last[i]) }
                    last[i] = row.time
                }
                rows += 1
                if row.time - first >= 2 * 86_400 || rows >= 50_000 { throw Learned() }
            }
        } catch {}
        return TagTiming.learn(registry: plant.tags, spacings: spacings)
    }
}
