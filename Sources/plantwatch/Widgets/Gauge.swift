import PlantModel

/// A one-line KPI gauge: `label ▕██████▌──┆──┃──▏ 86.12 m³/t`, the bar coloured by state (green
/// on target, yellow between target and limit, red past the limit, grey when uncertain), with the
/// target and limit marked on the scale.
struct Gauge: Widget {
    var label: String
    var value: Double?
    var certain: Bool
    var kpi: KPIDefinition
    var glyphs: Glyphs
    var labelWidth = 14
    /// Before the value: the direction against an hour ago.
    var arrow: TrendArrow?
    /// In place of the bar: the last 24 hours (where a block has one line per KPI).
    var history: [Double?]?

    enum Health { case good, warning, alarm, unknown }

    var health: Health {
        guard let v = value, certain else { return .unknown }
        let better: (Double, Double) -> Bool = kpi.higherIsBetter ? { $0 >= $1 } : { $0 <= $1 }
        if let limit = kpi.limit, !better(v, limit) { return .alarm }
        if let target = kpi.target, !better(v, target) { return .warning }
        return .good
    }

    static func color(_ h: Health) -> Color {
        switch h {
        case .good: return .green
        case .warning: return .yellow
        case .alarm: return .red
        case .unknown: return .gray
        }
    }

    /// The scale: around target and limit when the KPI has them, from zero otherwise.
    func scale() -> (Double, Double) {
        switch (kpi.target, kpi.limit) {
        case let (t?, l?):
            let span = max(abs(l - t), 1e-9)
            return (min(t, l) - 1.5 * span, max(t, l) + 1.5 * span)
        case let (t?, nil):
            return (t * 0.7, t * 1.3)
        case let (nil, l?):
            return (l * 0.7, l * 1.3)
        default:
            let v = max(abs(value ?? 1), 1e-9)
            return (0, v * 1.25)
        }
    }

    func render(into f: inout Frame, _ r: Rect) {
        let g = glyphs
        guard r.height >= 1, r.width >= 12 else { return }
        let unit = kpi.unit.symbol
        let valueText = (value.map { NumberFormat.string($0, decimals: kpi.decimals) } ?? "—") + (certain || value == nil ? "" : "~")
        let right = valueText + (unit.isEmpty ? "" : " " + unit)
        let rightWidth = max(TextWidth.of(right), 9) + (arrow == nil ? 0 : 2)
        let hasBar = history != nil || kpi.target != nil || kpi.limit != nil
        // Narrow gauges keep their label readable and give up bar length instead; without a bar
        // the label may take all the room the value leaves.
        let lw = hasBar ? min(labelWidth, max(6, r.width - rightWidth - 6)) : max(6, r.width - rightWidth - 1)
        f.put(TextWidth.fit(label, lw - 1), x: r.x, y: r.y)
        let barX = r.x + lw
        let barWidth = r.width - lw - rightWidth - 1
        let h = health
        if let history, barWidth >= 4 {
            Sparkline(points: history, glyphs: g, color: Gauge.color(h)).render(into: &f, Rect(x: barX, y: r.y, width: barWidth, height: 1))
        } else if barWidth >= 4 && (kpi.target != nil || kpi.limit != nil) {
            // A bar only means something against a target or a limit; totals show their value alone.
            let (lo, hi) = scale()
            func pos(_ v: Double) -> Double { (min(max(v, lo), hi) - lo) / (hi - lo) * Double(barWidth) }
            let filled = value.map(pos) ?? 0
            let whole = Int(filled)
            let style = Cell(fg: Gauge.color(h), dim: h == .unknown)
            for i in 0..<barWidth {
                var c = style
                if i < whole { c.char = g.full } else if i == whole { c.char = g.partial[min(7, Int((filled - Double(whole)) * 8))]; if c.char == " " { c.char = g.h; c.fg = .gray } } else { c.char = g.h; c.fg = .gray }
                f[barX + i, r.y] = c
            }
            if let t = kpi.target { f[barX + min(barWidth - 1, Int(pos(t))), r.y] = Cell(char: g.ascii ? ":" : "┆", fg: .cyan, bold: true) }
            if let l = kpi.limit { f[barX + min(barWidth - 1, Int(pos(l))), r.y] = Cell(char: g.ascii ? "!" : "┃", fg: .red, bold: true) }
        }
        let rx = r.maxX - TextWidth.of(right)
        arrow?.render(into: &f, Rect(x: rx - 2, y: r.y, width: 1, height: 1))
        f.put(right, x: rx, y: r.y, style: Cell(fg: h == .unknown ? .gray : .normal, bold: h == .alarm))
    }
}

extension Glyphs {
    var ascii: Bool { full == "#" }
}
