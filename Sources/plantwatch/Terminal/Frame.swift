import PlantModel

/// Colours the dashboard uses; the terminal layer maps them to what the terminal has.
enum Color: UInt8, Sendable, CaseIterable {
    case normal, red, green, yellow, blue, magenta, cyan, gray
}

/// One character cell: a single-width character (wide ones take two cells, the second empty),
/// its colour and attributes.
struct Cell: Equatable, Sendable {
    var char: Character = " "
    var fg: Color = .normal
    var bold = false
    var reverse = false
    var dim = false
    var underline = false
    /// The right half of a wide character: drawn by its left half.
    var continuation = false

    static let blank = Cell()
}

struct Rect: Equatable, Sendable {
    var x: Int, y: Int, width: Int, height: Int
    var maxX: Int { x + width }
    var maxY: Int { y + height }
    var isEmpty: Bool { width <= 0 || height <= 0 }

    func contains(_ px: Int, _ py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// The rectangle inside a one-cell border.
    var inner: Rect { Rect(x: x + 1, y: y + 1, width: max(0, width - 2), height: max(0, height - 2)) }

    /// Splits into rows of the given heights; a height of 0 takes what is left (shared equally).
    func rows(_ heights: [Int]) -> [Rect] {
        split(heights, total: height) { Rect(x: x, y: y + $0, width: width, height: $1) }
    }

    func columns(_ widths: [Int]) -> [Rect] {
        split(widths, total: width) { Rect(x: x + $0, y: y, width: $1, height: height) }
    }

    private func split(_ sizes: [Int], total: Int, make: (Int, Int) -> Rect) -> [Rect] {
        let fixed = sizes.reduce(0, +)
        let flexible = sizes.filter { $0 == 0 }.count
        let rest = max(0, total - fixed)
        var out: [Rect] = []
        var pos = 0, given = 0
        for s in sizes {
            var size = s
            if s == 0 {
                given += 1
                size = given == flexible ? rest - (rest / max(1, flexible)) * (flexible - 1) : rest / max(1, flexible)
            }
            size = min(size, max(0, total - pos))
            out.append(make(pos, size))
            pos += size
        }
        return out
    }
}

/// Glyphs for box drawing, bars and plots: Unicode under a UTF-8 locale, ASCII otherwise.
struct Glyphs: Sendable {
    let h, v, tl, tr, bl, br: Character
    let full: Character
    let partial: [Character]          // eighths, for gauges
    let spark: [Character]            // 8 levels, for trends
    let marker: Character
    let target: Character
    let dot: Character

    static let unicode = Glyphs(h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘", full: "█",
                                partial: [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"],
                                spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], marker: "│", target: "┄", dot: "●")
    static let ascii = Glyphs(h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+", full: "#",
                              partial: [" ", " ", " ", " ", "=", "=", "=", "="],
                              spark: ["_", "_", ".", ".", "-", "-", "=", "#"], marker: "|", target: "-", dot: "*")
}

/// The screen as data: a grid of cells that widgets draw into. Rendering a dashboard state into
/// a Frame is a pure function; the terminal layer diffs two Frames and writes only what changed.
struct Frame: Equatable, Sendable {
    let width: Int
    let height: Int
    private(set) var cells: [Cell]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0 && x < width && y >= 0 && y < height { cells[y * width + x] = newValue } }
    }

    /// Writes text from (x, y), clipped to `maxWidth` cells, with the given style. Text is
    /// sanitised here too: nothing reaching a cell can be a control character. Returns cells used.
    @discardableResult
    mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Cell = Cell()) -> Int {
        guard y >= 0 && y < height else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        var col = 0
        for ch in text {
            guard let scalar = ch.unicodeScalars.first else { continue }
            let safe: Character = (scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)) ? "?" : ch
            let w = TextWidth.of(safe)
            if col + w > limit { break }
            if x + col >= 0 {
                var c = style
                c.char = safe
                c.continuation = false
                self[x + col, y] = c
                if w == 2 {
                    var cont = style
                    cont.char = " "
                    cont.continuation = true
                    self[x + col + 1, y] = cont
                }
            }
            col += w
        }
        return col
    }

    mutating func fill(_ r: Rect, with ch: Character = " ", style: Cell = Cell()) {
        for yy in max(0, r.y)..<min(height, r.maxY) {
            for xx in max(0, r.x)..<min(width, r.maxX) {
                var c = style
                c.char = ch
                self[xx, yy] = c
            }
        }
    }

    /// A border with a title in its top edge.
    mutating func box(_ r: Rect, title: String = "", glyphs g: Glyphs, style: Cell = Cell(fg: .gray), titleStyle: Cell = Cell(bold: true)) {
        guard r.width >= 2 && r.height >= 2 else { return }
        for xx in r.x + 1..<r.maxX - 1 {
            self[xx, r.y] = Cell(char: g.h, fg: style.fg, dim: style.dim)
            self[xx, r.maxY - 1] = Cell(char: g.h, fg: style.fg, dim: style.dim)
        }
        for yy in r.y + 1..<r.maxY - 1 {
            self[r.x, yy] = Cell(char: g.v, fg: style.fg, dim: style.dim)
            self[r.maxX - 1, yy] = Cell(char: g.v, fg: style.fg, dim: style.dim)
        }
        self[r.x, r.y] = Cell(char: g.tl, fg: style.fg)
        self[r.maxX - 1, r.y] = Cell(char: g.tr, fg: style.fg)
        self[r.x, r.maxY - 1] = Cell(char: g.bl, fg: style.fg)
        self[r.maxX - 1, r.maxY - 1] = Cell(char: g.br, fg: style.fg)
        if !title.isEmpty && r.width > 4 {
            put(" " + title + " ", x: r.x + 1, y: r.y, maxWidth: r.width - 2, style: titleStyle)
        }
    }

    /// The frame as plain text lines (for tests and snapshots).
    var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x, y].continuation { s.append(self[x, y].char) }
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    var text: String { lines.joined(separator: "\n") }

    /// The frame's looks as text, for style snapshots: for each row, a line of colours
    /// (`.` normal, r g y b m c, k grey; upper case when bold), then a line of attributes
    /// (`.` none, else a hex digit: 1 reverse, 2 dim, 4 underline).
    var styleText: String {
        let letters: [Color: Character] = [.normal: ".", .red: "r", .green: "g", .yellow: "y", .blue: "b", .magenta: "m", .cyan: "c", .gray: "k"]
        return (0..<height).map { y in
            var colours = "", attrs = ""
            for x in 0..<width where !self[x, y].continuation {
                let c = self[x, y]
                let l = letters[c.fg] ?? "?"
                colours.append(c.bold ? (l == "." ? ":" : Character(l.uppercased())) : l)
                let bits = (c.reverse ? 1 : 0) | (c.dim ? 2 : 0) | (c.underline ? 4 : 0)
                attrs.append(bits == 0 ? "." : Character(String(bits, radix: 16)))
            }
            return colours + "\n" + attrs
        }.joined(separator: "\n")
    }
}

/// How many cells a character takes: 2 for East Asian wide and fullwidth characters, else 1.
/// (wcwidth would need the C locale and the ncurses shim; this keeps rendering pure.)
enum TextWidth {
    static func of(_ ch: Character) -> Int {
        guard let v = ch.unicodeScalars.first?.value else { return 1 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    /// Words of `s` in lines of at most `width` cells (a word longer than a line is cut).
    static func wrap(_ s: String, _ width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in s.split(separator: " ") {
            let w = String(word)
            if line.isEmpty { line = fit(w, width) } else if of(line) + 1 + of(w) <= width { line += " " + w } else {
                lines.append(line)
                line = fit(w, width)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// `s` in at most `width` cells; a cut ends in "…" so that it reads as cut, not as a word.
    static func fit(_ s: String, _ width: Int) -> String {
        guard of(s) > width else { return s }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = "", used = 0
        for ch in s {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }
}
