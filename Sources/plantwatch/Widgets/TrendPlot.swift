import PlantModel

/// A multi-row bar plot of a KPI's recent values with its target drawn across: eighth blocks
/// give each column 8 levels per row. Missing points leave a gap.
struct TrendPlot: Widget {
    var points: [Double?]
    var target: Double?
    var limit: Double?
    var decimals: Int
    var glyphs: Glyphs
    var color: Color

    func render(into f: inout Frame, _ r: Rect) {
        let g = glyphs
        guard r.width > 8, r.height >= 2 else { return }
        let axisWidth = 8
        let plot = Rect(x: r.x + axisWidth, y: r.y, width: r.width - axisWidth, height: r.height)
        let shown = Array(points.suffix(plot.width))
        var values = shown.compactMap { $0 }
        if let t = target { values.append(t) }
        if let l = limit { values.append(l) }
        guard let mn = values.min(), let mx = values.max() else {
            f.put("no data yet", x: plot.x, y: r.y + r.height / 2, style: Cell(fg: .gray))
            return
        }
        let pad = max((mx - mn) * 0.1, abs(mx) * 0.01, 1e-9)
        let lo = mn - pad, hi = mx + pad
        let levels = Double(plot.height * 8)
        func level(_ v: Double) -> Int { Int(((v - lo) / (hi - lo) * levels).rounded()) }
        f.put(NumberFormat.string(hi, decimals: decimals), x: r.x, y: r.y, maxWidth: axisWidth - 1, style: Cell(fg: .gray))
        f.put(NumberFormat.string(lo, decimals: decimals), x: r.x, y: r.maxY - 1, maxWidth: axisWidth - 1, style: Cell(fg: .gray))
        let targetRow = target.map { plot.maxY - 1 - min(plot.height - 1, max(0, level($0) / 8)) }
        let limitRow = limit.map { plot.maxY - 1 - min(plot.height - 1, max(0, level($0) / 8)) }
        let offset = plot.width - shown.count
        for col in 0..<plot.width {
            let p = col >= offset ? shown[col - offset] : nil
            for row in 0..<plot.height {
                let y = plot.maxY - 1 - row
                var c = Cell()
                if let v = p {
                    let l = level(v) - row * 8
                    if l >= 8 { c.char = g.full } else if l > 0 { c.char = g.spark[l - 1] }
                    c.fg = color
                }
                if c.char == " " {
                    if y == targetRow { c = Cell(char: g.target, fg: .cyan) } else if y == limitRow { c = Cell(char: g.target, fg: .red) }
                }
                f[plot.x + col, y] = c
            }
        }
    }
}
