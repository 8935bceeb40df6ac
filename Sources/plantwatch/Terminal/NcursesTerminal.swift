import CNcurses
import PlantModel

/// The only code that calls ncurses. It draws Frames, writing only the cells that changed since
/// the previous one (ncurses then diffs again against the physical screen), and reads keys.
final class NcursesTerminal: TerminalBackend {
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

    /// Mouse reports arrive as escape sequences ncurses does not know (it is never asked to
    /// decode them: it would read only its terminfo's encoding). After an ESC, or after the
    /// KEY_MOUSE ncurses returns when the sequence starts as its kmous does, the bytes already
    /// waiting are taken and decoded; anything else is given back to be read as keys.
    func readInput(timeoutMs ms: Int) -> InputEvent? {
        guard let k = readKey(timeoutMs: ms) else { return nil }
        guard mouse, k == 27 || k == KEY_MOUSE else { return .key(k) }
        var codes: [Int32] = k == KEY_MOUSE ? kmousTail : []
        wtimeout(win, 0)
        while codes.count < 32 {
            let c = wgetch(win)
            if c == ERR { break }
            codes.append(c)
            if let (event, used) = MouseDecoder.decode(codes) {
                for c in codes[used...].reversed() { ungetch(c) }
                return .mouse(event)
            }
        }
        let given = k == KEY_MOUSE ? Array(codes.dropFirst(kmousTail.count)) : codes
        for c in given.reversed() { ungetch(c) }
        return k == KEY_MOUSE ? nil : .key(k)
    }

    /// kmous after its ESC ("[M" or "[<"), as codes.
    private lazy var kmousTail: [Int32] = {
        guard let p = tigetstr("kmous"), Int(bitPattern: p) != -1 else { return [91, 77] }
        return String(cString: p).utf8.dropFirst().map { Int32($0) }
    }()

    /// Whether mouse reports were asked for.
    private(set) var mouse = false

    /// Asks the terminal for button presses and the wheel (1000), in SGR encoding where it has
    /// it (1006); terminals without 1006 keep sending X10.
    func enableMouse() {
        mouse = true
        NcursesTerminal.writeRaw("\u{1B}[?1000h\u{1B}[?1006h")
        // ncurses' own SIGINT/SIGTERM handlers restore the screen but not mouse reporting.
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { s in
                NcursesTerminal.writeRaw(NcursesTerminal.mouseOff)
                endwin()
                _exit(128 + s)
            }
        }
    }

    static func writeRaw(_ s: String) {
        var bytes = Array(s.utf8)
        _ = write(1, &bytes, bytes.count)
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

    /// Draws a frame: only runs of changed cells are written (ncurses then diffs again against
    /// the physical screen).
    func draw(_ f: Frame) {
        if previous.map({ $0.width != f.width || $0.height != f.height }) ?? true { werase(win) }
        for run in FrameDiff.runs(from: previous, to: f) {
            wattrset(win, Int32(bitPattern: attributes(run.style)))
            _ = mvwaddnstr(win, Int32(run.y), Int32(run.x), run.text, -1)
        }
        wattrset(win, 0)
        wnoutrefresh(win)
        doupdate()
        previous = f
    }

    static let mouseOff = "\u{1B}[?1006l\u{1B}[?1000l"

    /// After a resize: the next frame is drawn in full.
    func invalidate() { previous = nil }

    func shutdown() {
        guard active else { return }
        active = false
        if mouse { NcursesTerminal.writeRaw(NcursesTerminal.mouseOff) }
        endwin()
        delscreen(screen)
    }

    /// On a crash the terminal must still come back: restore it, then die of the same signal.
    /// Hang-up restores and exits. (ncurses itself handles SIGINT, SIGTERM and SIGTSTP.)
    static func installCrashGuard() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { s in
                NcursesTerminal.writeRaw(NcursesTerminal.mouseOff)
                endwin()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
        signal(SIGHUP) { _ in
            NcursesTerminal.writeRaw(NcursesTerminal.mouseOff)
            endwin()
            _exit(129)
        }
    }
}
