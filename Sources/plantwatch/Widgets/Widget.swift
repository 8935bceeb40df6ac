/// Everything drawn on the screen is a widget: a value that renders itself into a rectangle of a
/// frame and knows nothing of the terminal (ratatui's `Widget`). What it needs beyond the
/// rectangle (glyphs, widths, colours) is part of the value, so every widget is drawn alike and
/// can be tested against a frame alone.
protocol Widget {
    func render(into f: inout Frame, _ r: Rect)
}

/// A KPI's last 24 hours on one line: the 1-hour value every 10 minutes, bucketed to the width,
/// eight levels between the smallest and largest value shown. A gap is a span without a value.
struct Sparkline: Widget {
    var points: [Double?]
    var glyphs: Glyphs
    var color: Color

    /// Means of `points` in `width` equal buckets (nil where a bucket has no value).
    static func buckets(_ points: [Double?], width: Int) -> [Double?] {
        guard width > 0, !points.isEmpty else { return [] }
        let n = points.count
        return (0..<min(width, n)).map { b in
            let lo = b * n / min(width, n), hi = (b + 1) * n / min(width, n)
            let vals = points[lo..<max(hi, lo + 1)].compactMap { $0 }
            return vals.isEmpty ? nil : vals.reduce(0, +) / Double(vals.count)
        }
    }

    func render(into f: inout Frame, _ r: Rect) {
        guard r.width > 0, r.height > 0 else { return }
        let cols = Sparkline.buckets(points, width: r.width)
        let vals = cols.compactMap { $0 }
        guard let lo = vals.min(), let hi = vals.max() else { return }
        // Right-aligned, so that "now" is always at the right edge.
        let x0 = r.maxX - cols.count
        for (i, v) in cols.enumerated() {
            guard let v else { continue }
            let level = hi - lo < 1e-12 ? 3 : Int(((v - lo) / (hi - lo) * 7).rounded())
            f[x0 + i, r.y] = Cell(char: glyphs.spark[min(7, max(0, level))], fg: color)
        }
    }
}

/// The direction of a KPI against its value an hour earlier: ↑ ↓ → in the colour of better or
/// worse; `·` when either value is unknown.
struct TrendArrow: Widget {
    var now: Double?
    var hourAgo: Double?
    var higherIsBetter: Bool
    var glyphs: Glyphs

    enum Direction: Equatable { case up, down, flat, unknown }

    /// A change under 1 % of the earlier value is noise at a 10-minute resolution: flat.
    var direction: Direction {
        guard let a = now, let b = hourAgo else { return .unknown }
        let threshold = max(abs(b) * 0.01, 1e-9)
        if a - b > threshold { return .up }
        if b - a > threshold { return .down }
        return .flat
    }

    var symbol: Character {
        switch direction {
        case .up: return glyphs.ascii ? "^" : "↑"
        case .down: return glyphs.ascii ? "v" : "↓"
        case .flat: return glyphs.ascii ? "-" : "→"
        case .unknown: return glyphs.ascii ? "." : "·"
        }
    }

    var color: Color {
        switch direction {
        case .up: return higherIsBetter ? .green : .yellow
        case .down: return higherIsBetter ? .yellow : .green
        case .flat, .unknown: return .gray
        }
    }

    /// The value an hour before the trend's newest point (trend points are 10 minutes apart).
    static func hourAgo(_ trend: [(time: Double, value: Double?)]) -> Double? {
        guard let last = trend.last else { return nil }
        return trend.last { $0.time <= last.time - 3600 + 1 }?.value ?? nil
    }

    func render(into f: inout Frame, _ r: Rect) {
        guard r.width > 0, r.height > 0 else { return }
        f[r.x, r.y] = Cell(char: symbol, fg: color, bold: direction != .unknown && direction != .flat)
    }
}
