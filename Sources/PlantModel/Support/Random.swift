/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully determined by its seed, so
/// the same seed gives byte-identical logs on every machine. Not for cryptography.
struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    public static func mix(_ x0: UInt64) -> UInt64 {
        var z = x0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal by Marsaglia's polar method (no trigonometry; the pair's second value is
    /// dropped so the stream stays a pure function of the state).
    mutating func gaussian() -> Double {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// A standard-normal value that depends only on the key: lets weather at any instant be
    /// computed without replaying from a start date, so two runs over different periods agree.
    static func hashedGaussian(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Double {
        var h: UInt64 = 0x1234_5678_9ABC_DEF1
        h = mix(h ^ a &+ 0x9E37_79B9_7F4A_7C15)
        h = mix(h ^ b &+ 0x9E37_79B9_7F4A_7C15)
        h = mix(h ^ c &+ 0x9E37_79B9_7F4A_7C15)
        h = mix(h ^ d &+ 0x9E37_79B9_7F4A_7C15)
        var g = SplitMix64(seed: h)
        return g.gaussian()
    }
}

