import Glibc
import PlantModel

/// Charts as inline SVG, drawn by hand: one self-contained file a consultant can mail, no
/// scripts, no web fonts (generic font families only), nothing fetched. Every text that comes
/// from outside (file names, tag ids) is escaped.
struct SVGChart {
    struct Series {
        var name: String
        var values: [Double?]
        var color: String
        var dashed = false
        /// Per point: drawn hollow (a value under 90 % covered, say).
        var hollow: [Bool] = []
    }

    struct Line {
        var y: Double
        var label: String
        var color: String
    }

    var title: String
    var unit: String
    /// One label per point, thinned out on the axis.
    var xLabels: [String]
    var series: [Series] = []
    /// A shaded band (the prediction's uncertainty), per point.
    var band: (lo: [Double?], hi: [Double?], label: String)?
    var lines: [Line] = []
    var width = 760.0
    var height = 280.0

    static func escape(_ s: String) -> String { entities(Sanitize.line(s)) }

    /// XML/HTML entity escaping alone, for text already sanitised (or the caller's own).
    static func entities(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func number(_ v: Double) -> String { NumberFormat.string(v, decimals: 1) }

    /// Axis ticks at 1, 2 or 5 × 10ⁿ, about five of them.
    static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / 5
        let mag = Glibc.pow(10, (Glibc.log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var t = (lo / step).rounded(.up) * step, out: [Double] = []
        while t <= hi + step * 1e-9 { out.append(t); t += step }
        return out
    }

    func svg() -> String {
        let left = 64.0, right = 40.0, top = 34.0, bottom = 46.0
        let pw = width - left - right, ph = height - top - bottom
        var all = series.flatMap { $0.values.compactMap { $0 } } + lines.map(\.y)
        if let b = band { all += b.lo.compactMap { $0 } + b.hi.compactMap { $0 } }
        let n = max(xLabels.count, series.map(\.values.count).max() ?? 0)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(Int(left))\" y=\"18\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">\(SVGChart.escape(title))</text>\n"
        guard var lo = all.min(), var hi = all.max(), n > 0 else {
            out += "<text x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\" fill=\"#888\">no values to chart</text>\n</svg>"
            return out
        }
        let pad = max((hi - lo) * 0.08, abs(hi) * 0.01, 1e-9)
        lo -= pad; hi += pad
        func x(_ i: Int) -> Double { left + (n == 1 ? pw / 2 : Double(i) / Double(n - 1) * pw) }
        func y(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * ph }
        func f(_ v: Double) -> String { NumberFormat.string(v, decimals: 1) }
        // Grid and y axis.
        for t in SVGChart.ticks(lo, hi) {
            out += "<line x1=\"\(f(left))\" x2=\"\(f(left + pw))\" y1=\"\(f(y(t)))\" y2=\"\(f(y(t)))\" stroke=\"#e4e4e4\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\" fill=\"#555\">\(SVGChart.escape(NumberFormat.string(t, decimals: abs(hi - lo) < 10 ? 2 : 0)))</text>\n"
        }
        out += "<text x=\"12\" y=\"\(f(top + ph / 2))\" transform=\"rotate(-90 12 \(f(top + ph / 2)))\" text-anchor=\"middle\" fill=\"#555\">\(SVGChart.escape(unit))</text>\n"
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#999\"/>\n"
        // X labels: about eight.
        let every = max(1, n / 8)
        for i in stride(from: 0, to: xLabels.count, by: every) {
            out += "<text x=\"\(f(x(i)))\" y=\"\(f(top + ph + 16))\" text-anchor=\"middle\" fill=\"#555\">\(SVGChart.escape(xLabels[i]))</text>"
        }
        out += "\n"
        if let b = band {
            // One polygon per run of points that have both bounds.
            var i = 0
            while i < n {
                var run: [Int] = []
                while i < n, i < b.lo.count, i < b.hi.count, b.lo[i] != nil, b.hi[i] != nil { run.append(i); i += 1 }
                if run.count >= 2 {
                    let upper = run.map { "\(f(x($0))),\(f(y(b.hi[$0]!)))" }
                    let lower = run.reversed().map { "\(f(x($0))),\(f(y(b.lo[$0]!)))" }
                    out += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"#9ecae1\" fill-opacity=\"0.45\" stroke=\"none\"/>\n"
                }
                i += 1
            }
        }
        for l in lines {
            out += "<line x1=\"\(f(left))\" x2=\"\(f(left + pw))\" y1=\"\(f(y(l.y)))\" y2=\"\(f(y(l.y)))\" stroke=\"\(l.color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
            out += "<text x=\"\(f(left + pw - 4))\" y=\"\(f(y(l.y) - 4))\" text-anchor=\"end\" fill=\"\(l.color)\">\(SVGChart.escape(l.label))</text>\n"
        }
        for s in series {
            // A line broken where a value is missing: a gap says "unknown", never zero.
            var segment: [String] = []
            func flush() {
                if segment.count >= 2 {
                    out += "<polyline points=\"\(segment.joined(separator: " "))\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"5 3\"" : "")/>\n"
                }
                segment = []
            }
            for (i, v) in s.values.enumerated() {
                guard let v else { flush(); continue }
                segment.append("\(f(x(i))),\(f(y(v)))")
            }
            flush()
            if !s.dashed && s.values.count <= 120 {
                for (i, v) in s.values.enumerated() {
                    guard let v else { continue }
                    let hollow = i < s.hollow.count && s.hollow[i]
                    out += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"2.6\" fill=\"\(hollow ? "#ffffff" : s.color)\" stroke=\"\(s.color)\"/>"
                }
                out += "\n"
            }
        }
        // Legend under the axis labels.
        var lx = left
        var entries = series.map { ($0.name, $0.color, $0.dashed) }
        if let b = band { entries.append((b.label, "#9ecae1", false)) }
        for (name, color, dashed) in entries {
            out += "<line x1=\"\(f(lx))\" x2=\"\(f(lx + 18))\" y1=\"\(f(height - 12))\" y2=\"\(f(height - 12))\" stroke=\"\(color)\" stroke-width=\"\(name == band?.label ? 8 : 2)\"\(dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            out += "<text x=\"\(f(lx + 22))\" y=\"\(f(height - 8))\" fill=\"#333\">\(SVGChart.escape(name))</text>"
            lx += 34 + Double(TextWidth.of(name)) * 6.2
        }
        out += "\n</svg>"
        return out
    }

    /// Shares of a whole as one stacked horizontal bar with its legend (the energy split).
    static func split(title: String, parts: [(name: String, value: Double, color: String)], unit: String, width: Double = 760) -> String {
        let total = parts.reduce(0) { $0 + max(0, $1.value) }
        let height = 70.0 + 18 * Double(parts.count)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"16\" y=\"18\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">\(escape(title))</text>\n"
        guard total > 0 else { return out + "<text x=\"16\" y=\"48\" fill=\"#888\">no energy recorded</text>\n</svg>" }
        var x = 16.0
        let w = width - 32
        for p in parts where p.value > 0 {
            let pw = p.value / total * w
            out += "<rect x=\"\(number(x))\" y=\"30\" width=\"\(number(pw))\" height=\"22\" fill=\"\(p.color)\"/>"
            x += pw
        }
        for (i, p) in parts.enumerated() {
            let y = 72.0 + 18 * Double(i)
            let share = total > 0 ? 100 * p.value / total : 0
            out += "<rect x=\"16\" y=\"\(number(y - 10))\" width=\"12\" height=\"12\" fill=\"\(p.color)\"/>"
            out += "<text x=\"34\" y=\"\(number(y))\" fill=\"#333\">\(escape(p.name)): \(escape(NumberFormat.string(p.value, decimals: 2))) \(escape(unit)) (\(NumberFormat.string(share, decimals: 1)) %)</text>\n"
        }
        return out + "</svg>"
    }
}

/// One self-contained HTML page: inline CSS, inline SVG, nothing else.
struct HTMLPage {
    var title: String
    var body = ""

    mutating func heading(_ text: String, level: Int = 2) { body += "<h\(level)>\(SVGChart.escape(text))</h\(level)>\n" }
    mutating func paragraph(_ text: String) { body += "<p>\(SVGChart.escape(text))</p>\n" }
    mutating func figure(_ svg: String) { body += "<figure>\(svg)</figure>\n" }

    /// A table; the first row is the header; cells are escaped.
    mutating func table(_ rows: [[String]], numericFrom: Int = 1) {
        guard let head = rows.first else { return }
        body += "<table>\n<tr>" + head.map { "<th>\(SVGChart.escape($0))</th>" }.joined() + "</tr>\n"
        for r in rows.dropFirst() {
            body += "<tr>" + r.enumerated().map { i, c in "<td\(i >= numericFrom ? " class=\"n\"" : "")>\(SVGChart.escape(c))</td>" }.joined() + "</tr>\n"
        }
        body += "</table>\n"
    }

    var html: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(SVGChart.escape(title))</title>
        <style>
        body { font-family: sans-serif; margin: 2em auto; max-width: 800px; color: #222; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
        th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; } td.n { text-align: right; }
        figure { margin: 0.5em 0; } .note { color: #666; font-size: 0.85em; }
        </style>
        </head>
        <body>
        <h1>\(SVGChart.escape(title))</h1>
        \(body)<p class="note">Written by plantwatch. Hollow points: the value's meters cover less than 90 % of its period.</p>
        </body>
        </html>

        """
    }
}
