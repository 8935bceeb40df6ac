/// What the run loop needs of a terminal: its size, input, and frames drawn. ncurses implements
/// it for real (NcursesTerminal); TestBackend keeps the screen in memory, so that the diff that
/// decides what is written is tested without a terminal (ratatui's Backend / TestBackend).
protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Waits up to `timeoutMs` for a key or a mouse report; nil on timeout.
    func readInput(timeoutMs: Int) -> InputEvent?
    func draw(_ f: Frame)
    /// The next frame is drawn in full (after a resize).
    func invalidate()
}

/// A run of changed cells on one row with one style: what a backend writes.
struct FrameRun: Equatable {
    var x: Int
    var y: Int
    var text: String
    var style: Cell
}

enum FrameDiff {
    /// A cell's looks without its character: cells that share it go in one run.
    static func style(_ c: Cell) -> Cell {
        var s = c
        s.char = " "
        s.continuation = false
        return s
    }

    /// The runs that turn `previous` into `next` (everything when there is no previous frame of
    /// the same size). The bottom-right cell is never written: on many terminals that scrolls.
    static func runs(from previous: Frame?, to next: Frame) -> [FrameRun] {
        let prev = previous.flatMap { $0.width == next.width && $0.height == next.height ? $0 : nil }
        var out: [FrameRun] = []
        for y in 0..<next.height {
            var x = 0
            while x < next.width {
                let c = next[x, y]
                if let p = prev, p[x, y] == c { x += 1; continue }
                if c.continuation { x += 1; continue }
                if y == next.height - 1 && x == next.width - 1 { break }
                var run = String(c.char)
                let st = style(c)
                var end = x + TextWidth.of(c.char)
                while end < next.width {
                    let d = next[end, y]
                    if d.continuation { end += 1; continue }
                    if let p = prev, p[end, y] == d { break }
                    if style(d) != st { break }
                    if y == next.height - 1 && end == next.width - 1 { break }
                    run.append(d.char)
                    end += TextWidth.of(d.char)
                }
                out.append(FrameRun(x: x, y: y, text: run, style: st))
                x = end
            }
        }
        return out
    }
}

/// An in-memory terminal: frames are diffed exactly as on the real one and the runs applied to a
/// screen of cells; input comes from a queue.
final class TestBackend: TerminalBackend {
    private(set) var screen: Frame
    private var previous: Frame?
    var input: [InputEvent] = []
    /// Every run written, frame after frame (what a real terminal would have been sent).
    private(set) var written: [[FrameRun]] = []

    init(width: Int, height: Int) { screen = Frame(width: width, height: height) }

    var size: (width: Int, height: Int) { (screen.width, screen.height) }

    func resize(width: Int, height: Int) {
        screen = Frame(width: width, height: height)
        input.append(.key(KEY_RESIZE_CODE))
    }

    func readInput(timeoutMs: Int) -> InputEvent? { input.isEmpty ? nil : input.removeFirst() }

    func draw(_ f: Frame) {
        if previous.map({ $0.width != f.width || $0.height != f.height }) ?? true { screen = Frame(width: f.width, height: f.height) }
        let runs = FrameDiff.runs(from: previous, to: f)
        for run in runs {
            var x = run.x
            for ch in run.text {
                var c = run.style
                c.char = ch
                screen[x, run.y] = c
                if TextWidth.of(ch) == 2 {
                    var cont = run.style
                    cont.continuation = true
                    screen[x + 1, run.y] = cont
                }
                x += TextWidth.of(ch)
            }
        }
        written.append(runs)
        previous = f
    }

    func invalidate() { previous = nil }
}
