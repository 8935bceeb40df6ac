/// KPI sums over the last `length` seconds of a stream, for live gauges: 15 min, 1 h, 24 h, 30 d.
///
/// Time is cut into `bucketCount` buckets of length/bucketCount; each keeps its own sums (started
/// from zero, so no error carries between buckets), and the window's sums are maintained by adding
/// each increment and subtracting a bucket's vector when it expires. To keep cancellation error
/// from piling up over months of streaming, the running sums are rebuilt from the buckets once
/// per `bucketCount` expiries: O(1) amortised work per reading, and memory fixed by the bucket
/// count whatever the sample rate. The window spans the current bucket plus the previous
/// bucketCount − 1, i.e. between length − bucket and length seconds.
struct RollingWindow: Sendable {
    public let slots: KPISlots
    public let length: Double
    let bucketCount: Int
    let bucketSeconds: Double
    private var buckets: [[Double]]
    private var bucketIndex: [Int]     // absolute bucket number held by each ring position, or Int.min
    private var running: [Double]
    private var expiriesSinceRebuild = 0
    public private(set) var now = -Double.infinity
    private var currentBucket = Int.min
    private let used: [Int]
    private let isUsed: [Bool]

    /// `kpis`: only these KPIs will be read (all by default); the window keeps just their slots.
    public init(slots: KPISlots, length: Double, bucketCount: Int = 240, kpis: [Int]? = nil) {
        precondition(length > 0 && bucketCount > 0)
        self.slots = slots
        self.length = length
        self.bucketCount = bucketCount
        bucketSeconds = length / Double(bucketCount)
        buckets = Array(repeating: Array(repeating: 0, count: slots.count), count: bucketCount)
        bucketIndex = Array(repeating: Int.min, count: bucketCount)
        running = Array(repeating: 0, count: slots.count)
        used = slots.usedSlots(kpis: kpis)
        var mask = Array(repeating: false, count: slots.count)
        for s in used { mask[s] = true }
        isUsed = mask
    }

    @inline(__always) func absoluteBucket(_ t: Double) -> Int { Int((t / bucketSeconds).rounded(.down)) }

    /// Moves the window's end to `t` (never backwards), expiring buckets that fall out.
    public mutating func advance(to t: Double) {
        guard t > now else { return }
        now = t
        let current = absoluteBucket(t)
        // Buckets expire only when the clock enters a new one.
        guard current != currentBucket else { return }
        let previous = currentBucket
        currentBucket = current
        let oldest = current - bucketCount + 1
        if previous == Int.min || current - previous >= bucketCount {
            for pos in 0..<bucketCount where bucketIndex[pos] != Int.min && bucketIndex[pos] < oldest { expire(pos) }
        } else {
            // Only the ring positions the clock has just passed can hold expired buckets.
            for b in (previous + 1)...current {
                let pos = ((b % bucketCount) + bucketCount) % bucketCount
                if bucketIndex[pos] != Int.min && bucketIndex[pos] < oldest { expire(pos) }
            }
        }
    }

    private mutating func expire(_ pos: Int) {
        for s in used where buckets[pos][s] != 0 {
            running[s] -= buckets[pos][s]
            buckets[pos][s] = 0
        }
        bucketIndex[pos] = Int.min
        expiriesSinceRebuild += 1
        if expiriesSinceRebuild >= bucketCount { rebuild() }
    }

    private mutating func rebuild() {
        for s in used {
            var sum = 0.0, c = 0.0
            for pos in 0..<bucketCount where bucketIndex[pos] != Int.min {
                let v = buckets[pos][s]
                let t = sum + v
                c += abs(sum) >= abs(v) ? (sum - t) + v : (v - t) + sum
                sum = t
            }
            running[s] = sum + c
        }
        expiriesSinceRebuild = 0
    }

    /// The ring position of absolute bucket `b`, claimed for it.
    private mutating func position(_ b: Int) -> Int {
        let pos = ((b % bucketCount) + bucketCount) % bucketCount
        if bucketIndex[pos] != b {
            if bucketIndex[pos] != Int.min { expire(pos) }
            bucketIndex[pos] = b
        }
        return pos
    }

    /// Adds the increments of a reading or row stamped `t` (≥ every earlier t). An increment that
    /// covers a long interval (a totaliser's advance over a data gap) is spread over the buckets
    /// of that interval, and what fell before the window is left out: a meter returning from a
    /// dropout does not spike the KPIs of short windows.
    public mutating func add(time t: Double, _ increments: UnsafeBufferPointer<Increment>) {
        advance(to: t)
        let b = absoluteBucket(t)
        // A late row (a followed log's backlog, after a live clock ran on) lands in its own bucket
        // while that is still in the window; an older one is outside the window altogether.
        if currentBucket != Int.min && b <= currentBucket - bucketCount { return }
        let pos = position(b)
        var spread = false
        buckets[pos].withUnsafeMutableBufferPointer { bucket in
            running.withUnsafeMutableBufferPointer { run in
                isUsed.withUnsafeBufferPointer { used in
                    for inc in increments where used[inc.slot] {
                        if t - inc.since > bucketSeconds { spread = true; continue }
                        bucket[inc.slot] += inc.delta
                        run[inc.slot] += inc.delta
                    }
                }
            }
        }
        guard spread else { return }
        let windowStart = Double(currentBucket - bucketCount + 1) * bucketSeconds
        for inc in increments where isUsed[inc.slot] && t - inc.since > bucketSeconds {
            let span = t - inc.since
            if span > slots.wholeOnlyBeyond[inc.slot] {
                // Covered hours across a dropout count only while the window holds the whole
                // interval: they go into the bucket where it starts, with a mark (a large negative
                // number of hours, which no real coverage outweighs) that the bucket where it
                // ends takes back. Once the start has expired but pro rata shares of the
                // interval remain, the mark leaves the tag uncovered, and the ratios it feeds
                // unmatched, until they have expired too.
                let here = position(b)
                buckets[here][inc.slot] -= KPISlots.estimateMark
                running[inc.slot] -= KPISlots.estimateMark
                if inc.since >= windowStart {
                    buckets[position(absoluteBucket(inc.since))][inc.slot] += inc.delta + KPISlots.estimateMark
                    running[inc.slot] += inc.delta + KPISlots.estimateMark
                }
                continue
            }
            var from = max(inc.since, windowStart)
            while from < t {
                let ab = absoluteBucket(from)
                let end = min(t, Double(ab + 1) * bucketSeconds)
                let part = inc.delta * (end - from) / span
                buckets[position(ab)][inc.slot] += part
                running[inc.slot] += part
                from = end
            }
        }
    }

    /// Seconds the window spans now: the full buckets before the current one, and the current one up to `now`.
    public var span: Double {
        guard now.isFinite else { return 0 }
        let current = absoluteBucket(now)
        return Double(bucketCount - 1) * bucketSeconds + (now - Double(current) * bucketSeconds)
    }

    /// KPI k's value when the window is at least `coverage` covered for it, else NaN (one pass,
    /// for alarm evaluation at every row).
    /// Only matched values (`KPISlots.matched`): an alarm never acts on a biased ratio.
    @inline(__always)
    public func value(_ k: Int, ifCovered coverage: Double) -> Double {
        let seconds = span
        return running.withUnsafeBufferPointer { r in
            slots.coverage(k, r, seconds: seconds) >= coverage && slots.matched(k, r, seconds: seconds) ? slots.value(k, r) ?? .nan : .nan
        }
    }

    /// The KPI's value (nil where its tags' covered spans differ) and coverage.
    public func evaluate(_ k: Int) -> (value: Double?, coverage: Double) {
        let seconds = span
        return running.withUnsafeBufferPointer { slots.evaluate(k, $0, seconds: seconds) }
    }

    public func value(_ k: Int) -> Double? { evaluate(k).value }

    public func coverage(_ k: Int) -> Double { running.withUnsafeBufferPointer { slots.coverage(k, $0, seconds: span) } }

    /// The window's sums, for tests and diagnostics.
    public var sums: [Double] { running }

    /// Sums recomputed from scratch over the live buckets: what `sums` must equal.
    var exactSums: [Double] {
        (0..<running.count).map { s in
            (0..<bucketCount).filter { bucketIndex[$0] != Int.min }.reduce(0.0) { $0 + buckets[$1][s] }
        }
    }
}
