/// Ordinary least squares, y = β₀ + Σ βⱼ·xⱼ, with the statistics ASHRAE Guideline 14 asks of a
/// baseline model. Solved by the normal equations with Gaussian elimination and partial pivoting:
/// baselines have two to four regressors, so the matrix is tiny and well within double precision
/// once the regressors are centred.
public struct LinearModel: Sendable, Codable, Equatable {
    public var names: [String]
    public var coefficients: [Double]          // intercept first
    public var r2: Double
    public var cvRMSE: Double
    public var nmbe: Double
    public var n: Int
    public var parameters: Int
    public var autocorrelation: Double
    var meanY: Double
    /// Standard deviation of the residuals (n − p degrees of freedom).
    var residualSD: Double
    /// (XᵀX)⁻¹ of the design [1, x₁ … xₖ]: how far a prediction reaches beyond the baseline's data.
    var inverseNormal: [[Double]] = []

    public struct FitError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Fits on rows of regressors `x` (each row the same length) and responses `y`.
    public static func fit(names: [String], x: [[Double]], y: [Double]) throws -> LinearModel {
        let n = y.count, k = names.count, p = k + 1
        guard n > p + 1 else { throw FitError(description: "a baseline needs more than \(p + 1) data points, got \(n)") }
        guard x.count == n, x.allSatisfy({ $0.count == k }) else { throw FitError(description: "regressor rows do not match the responses") }
        // Centre the regressors for conditioning; the intercept is restored afterwards.
        let means = (0..<k).map { j in x.reduce(0) { $0 + $1[j] } / Double(n) }
        var a = Array(repeating: Array(repeating: 0.0, count: p), count: p)
        var b = Array(repeating: 0.0, count: p)
        for i in 0..<n {
            var row = [1.0]
            for j in 0..<k { row.append(x[i][j] - means[j]) }
            for r in 0..<p {
                b[r] += row[r] * y[i]
                for c in 0..<p { a[r][c] += row[r] * row[c] }
            }
        }
        guard let beta = solve(a, b) else {
            throw FitError(description: "the drivers are collinear or constant over the baseline period; the model cannot be fitted")
        }
        var coef = beta
        coef[0] = beta[0] - zip(beta.dropFirst(), means).reduce(0) { $0 + $1.0 * $1.1 }
        var m = LinearModel(names: names, coefficients: coef, r2: 0, cvRMSE: 0, nmbe: 0, n: n, parameters: p, autocorrelation: 0, meanY: 0, residualSD: 0)
        m.computeStatistics(x: x, y: y)
        // (XᵀX)⁻¹ of the uncentred design, column by column.
        var raw = Array(repeating: Array(repeating: 0.0, count: p), count: p)
        for row in x {
            let v = [1.0] + row
            for r in 0..<p { for c in 0..<p { raw[r][c] += v[r] * v[c] } }
        }
        var inv = Array(repeating: Array(repeating: 0.0, count: p), count: p)
        for c in 0..<p {
            var e = Array(repeating: 0.0, count: p)
            e[c] = 1
            guard let col = solve(raw, e) else { inv = []; break }
            for r in 0..<p { inv[r][c] = col[r] }
        }
        m.inverseNormal = inv
        return m
    }

    mutating func computeStatistics(x: [[Double]], y: [Double]) {
        let n = Double(y.count), p = Double(parameters)
        let mean = y.reduce(0, +) / n
        var ssRes = 0.0, ssTot = 0.0, bias = 0.0
        var residuals: [Double] = []
        for i in y.indices {
            let r = y[i] - predict(x[i])
            residuals.append(r)
            ssRes += r * r
            bias += r
            ssTot += (y[i] - mean) * (y[i] - mean)
        }
        meanY = mean
        r2 = ssTot > 0 ? 1 - ssRes / ssTot : 0
        // Guideline 14: CV(RMSE) = sqrt(Σr²/(n − p)) / ȳ; NMBE = Σ(y − ŷ)/((n − p)·ȳ).
        cvRMSE = (ssRes / (n - p)).squareRoot() / mean
        nmbe = bias / ((n - p) * mean)
        residualSD = (ssRes / (n - p)).squareRoot()
        autocorrelation = Statistics.lag1Autocorrelation(residuals)
    }

    /// Standard error of predicting one new observation at `x`: σ·sqrt(1 + x₀ᵀ(XᵀX)⁻¹x₀). It grows as
    /// `x` leaves the range of the baseline data, so extrapolation is judged with due caution.
    public func predictionSE(_ x: [Double]) -> Double {
        guard inverseNormal.count == coefficients.count else { return residualSD }
        let v = [1.0] + x
        var q = 0.0
        for r in 0..<v.count { for c in 0..<v.count { q += v[r] * inverseNormal[r][c] * v[c] } }
        return residualSD * (1 + max(0, q)).squareRoot()
    }

    func predict(_ x: [Double]) -> Double {
        var v = coefficients[0]
        for j in 0..<min(x.count, coefficients.count - 1) { v += coefficients[j + 1] * x[j] }
        return v
    }

    static func solve(_ a0: [[Double]], _ b0: [Double]) -> [Double]? {
        var a = a0, b = b0
        let n = b.count
        for col in 0..<n {
            var pivot = col
            for r in col + 1..<n where abs(a[r][col]) > abs(a[pivot][col]) { pivot = r }
            guard abs(a[pivot][col]) > 1e-12 * max(1, abs(a[0][0])) else { return nil }
            a.swapAt(col, pivot); b.swapAt(col, pivot)
            for r in col + 1..<n {
                let f = a[r][col] / a[col][col]
                for c in col..<n { a[r][c] -= f * a[col][c] }
                b[r] -= f * b[col]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for c in r + 1..<n { s -= a[r][c] * x[c] }
            x[r] = s / a[r][r]
        }
        return x
    }
}

/// ASHRAE Guideline 14 calibration limits for a baseline model.
public enum Guideline14 {
    public enum Resolution: String, Sendable, Codable { case hourly, daily, monthly }

    static func limits(_ r: Resolution) -> (cvRMSE: Double, nmbe: Double) {
        r == .monthly ? (0.15, 0.05) : (0.30, 0.10)
    }

    public static func verdict(_ m: LinearModel, resolution r: Resolution) -> (passes: Bool, text: String) {
        let l = limits(r)
        let ok = m.cvRMSE <= l.cvRMSE && abs(m.nmbe) <= l.nmbe
        let text = "CV(RMSE) \(NumberFormat.string(m.cvRMSE * 100, decimals: 1)) % (limit \(Int(l.cvRMSE * 100)) %), "
            + "NMBE \(NumberFormat.string(m.nmbe * 100, decimals: 2)) % (limit ±\(Int(l.nmbe * 100)) %): "
            + (ok ? "meets" : "fails") + " Guideline 14 for \(r.rawValue) data"
        return (ok, text)
    }

    /// Fractional savings uncertainty (Guideline 14 Annex B, as nmecr implements it):
    /// FSU = t · α · CV · sqrt((n/n′)(1 + 2/n′)(1/m)) / F, with n′ = n(1−ρ)/(1+ρ) for ρ > 0.
    static func fractionalSavingsUncertainty(cv: Double, savingsFraction f: Double, n: Int, m: Int, rho: Double,
                                                    parameters p: Int, confidence: Double = 0.90, alpha: Double) -> Double {
        let nn = Double(n)
        let nPrime = rho > 0 ? nn * (1 - rho) / (1 + rho) : nn
        let t = Statistics.tQuantile(1 - (1 - confidence) / 2, df: max(nPrime - Double(p), 1))
        return t * alpha * cv * ((nn / nPrime) * (1 + 2 / nPrime) * (1 / Double(m))).squareRoot() / abs(f)
    }
}
