import CNcurses
import PlantModel

/// The only code that calls ncurses. It draws Frames, writing only the cells that changed since
/// the previous one (ncurses then diffs again against the physical screen), and reads keys.
final class NcursesTerminal {
    private let screen: OpaquePointer
    private let win: UnsafeMutablePointer<WINDOW>
    let colors: Bool
    let unicode: Bool
    private var previous: Frame?
    private(set) var active = true

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// Puts the terminal in full-screen mode. Fails (without exiting, unlike initscr) when the
    /// terminal type is unknown.
    init(color wanted: Bool) throws {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        unicode = codeset.uppercased().replacing("-", with: "") == "UTF8"
        guard let out = fdopen(1, "w"), let inp = fdopen(0, "r"), let scr = newterm(nil, out, inp) else {
            throw Unavailable(description: "cannot open the terminal (TERM=\(Sanitize.line(String(cString: getenv("TERM") ?? strdup("")))))")
        }
        screen = scr
        _ = set_term(scr)
        guard let w = cn_stdscr() else { endwin(); throw Unavailable(description: "no screen") }
        win = w
        cbreak()
        noecho()
        nonl()
        keypad(win, true)
        curs_set(0)
        set_escdelay(25)
        leaveok(win, true)
        if wanted && has_colors() {
            start_color()
            use_default_colors()
            let map: [(Color, Int32)] = [(.red, COLOR_RED), (.green, COLOR_GREEN), (.yellow, COLOR_YELLOW), (.blue, COLOR_BLUE),
                                         (.magenta, COLOR_MAGENTA), (.cyan, COLOR_CYAN), (.gray, cn_colors() >= 16 ? 8 : COLOR_WHITE)]
            for (c, n) in map { init_pair(Int16(c.rawValue), Int16(n), -1) }
            colors = true
        } else {
            colors = false
        }
        NcursesTerminal.installCrashGuard()
    }

    var size: (width: Int, height: Int) { (Int(getmaxx(win)), Int(getmaxy(win))) }

    /// Waits up to `ms` for a key; nil on timeout.
    func readKey(timeoutMs ms: Int) -> Int32? {
        wtimeout(win, Int32(max(0, min(ms, 60_000))))
        let k = wgetch(win)
        return k == ERR ? nil : k
    }

    private func attributes(_ c: Cell) -> attr_t {
        var a: attr_t = 0
        if c.bold { a |= cn_a_bold() }
        if c.reverse { a |= cn_a_reverse() }
        if c.dim { a |= cn_a_dim() }
        if c.underline { a |= cn_a_underline() }
        if colors {
            if c.fg != .normal { a |= attr_t(cn_color_pair(Int32(c.fg.rawValue))) }
        } else {
            // Without colour, priorities still differ (the glances mapping).
            switch c.fg {
            case .red: a |= cn_a_bold()
            case .magenta: a |= cn_a_bold() | cn_a_underline()
            case .yellow: a |= cn_a_underline()
            case .gray: a |= cn_a_dim()
            default: break
            }
        }
        return a
    }

    /// Draws a frame: only runs of changed cells are written.
    func draw(_ f: Frame) {
        let full = previous.map { $0.width != f.width || $0.height != f.height } ?? true
        if full { werase(win) }
        for y in 0..<f.height {
            var x = 0
            while x < f.width {
                let c = f[x, y]
                if !full, let p = previous, p[x, y] == c { x += 1; continue }
                if c.continuation { x += 1; continue }
                // A run of changed cells with the same attributes.
                var run = String(c.char)
                let a = attributes(c)
                var end = x + TextWidth.of(c.char)
                while end < f.width {
                    let d = f[end, y]
                    if d.continuation { end += 1; continue }
                    if !full, let p = previous, p[end, y] == d { break }
                    if attributes(d) != a { break }
                    // The bottom-right cell is written separately: writing it scrolls some terminals.
                    if y == f.height - 1 && end == f.width - 1 { break }
                    run.append(d.char)
                    end += TextWidth.of(d.char)
                }
                // The bottom-right cell is never written: on many terminals that scrolls the screen.
                if !(y == f.height - 1 && x == f.width - 1) {
                    wattrset(win, Int32(bitPattern: a))
                    _ = mvwaddnstr(win, Int32(y), Int32(x), run, -1)
                }
                x = end
            }
        }
        wattrset(win, 0)
        wnoutrefresh(win)
        doupdate()
        previous = f
    }

    /// After a resize: the next frame is drawn in full.
    func invalidate() { previous = nil }

    func shutdown() {
        guard active else { return }
        active = false
        endwin()
        delscreen(screen)
    }

    /// On a crash the terminal must still come back: restore it, then die of the same signal.
    /// Hang-up restores and exits. (ncurses itself handles SIGINT, SIGTERM and SIGTSTP.)
    static func installCrashGuard() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { s in
                endwin()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
        signal(SIGHUP) { _ in
            endwin()
            _exit(129)
        }
    }
}
