/// Distribution functions the M&V statistics need. Written by hand because no maintained Swift
/// package offers Student's t quantiles; the methods are the standard ones (Lentz's continued
/// fraction for the incomplete beta function, Numerical Recipes §6.4, and bisection for the inverse).
public enum Statistics {
    /// ln Γ(x), Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
    static func logGamma(_ x: Double) -> Double {
        let c: [Double] = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                           -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
        if x < 0.5 { return log(Double.pi / abs(sin(Double.pi * x))) - logGamma(1 - x) }
        let z = x - 1
        var a = c[0]
        let t = z + 7.5
        for i in 1..<9 { a += c[i] / (z + Double(i)) }
        return 0.5 * log(2 * Double.pi) + (z + 0.5) * log(t) - t + log(a)
    }

    /// Regularised incomplete beta I_x(a, b).
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log(1 - x))
        if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a, b) / a }
        return 1 - front * betaFraction(1 - x, b, a) / b
    }

    static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...300 {
            let m = Double(m)
            var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            f *= d * c
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return f
    }

    /// Student's t cumulative distribution with `df` degrees of freedom.
    static func tCDF(_ t: Double, df: Double) -> Double {
        let x = df / (df + t * t)
        let tail = 0.5 * incompleteBeta(x, df / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The t value with P(T ≤ t) = p.
    public static func tQuantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1 && df > 0)
        var lo = -1e3, hi = 1e3
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if tCDF(mid, df: df) < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-12 { break }
        }
        return (lo + hi) / 2
    }

    /// Lag-1 autocorrelation of a series.
    public static func lag1Autocorrelation(_ r: [Double]) -> Double {
        guard r.count > 2 else { return 0 }
        let mean = r.reduce(0, +) / Double(r.count)
        var num = 0.0, den = 0.0
        for i in r.indices {
            den += (r[i] - mean) * (r[i] - mean)
            if i > 0 { num += (r[i] - mean) * (r[i - 1] - mean) }
        }
        return den > 0 ? num / den : 0
    }
}
