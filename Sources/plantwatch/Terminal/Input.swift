/// A mouse report, in 0-based screen cells.
struct MouseEvent: Equatable, Sendable {
    enum Kind: Equatable, Sendable { case press(Int), release, wheelUp, wheelDown, motion }
    var kind: Kind
    var x: Int
    var y: Int
}

/// What the terminal sent: a key (an ncurses key code) or a mouse report.
enum InputEvent: Equatable, Sendable {
    case key(Int32)
    case mouse(MouseEvent)
}

/// Decodes mouse reports from the bytes after ESC, in both encodings terminals send:
/// X10 (`ESC [ M b x y`, each byte offset by 32, coordinates 1-based) and SGR-1006
/// (`ESC [ < b ; x ; y M` for a press, `m` for a release). ncurses decodes only the one its
/// terminfo entry names (kmous), so the dashboard asks for reports itself and reads both.
enum MouseDecoder {
    /// The event and how many codes it took, or nil when `codes` (after the ESC) is not a
    /// complete mouse report.
    static func decode(_ codes: [Int32]) -> (event: MouseEvent, consumed: Int)? {
        guard codes.count >= 2, codes[0] == 91 /* [ */ else { return nil }
        if codes[1] == 77 /* M */ {
            guard codes.count >= 5 else { return nil }
            let b = Int(codes[2]) - 32, x = Int(codes[3]) - 33, y = Int(codes[4]) - 33
            guard b >= 0, x >= 0, y >= 0 else { return nil }
            // X10 reports every release as button 3.
            return (MouseEvent(kind: (b & 3) == 3 && b & 64 == 0 ? .release : kind(b), x: x, y: y), 5)
        }
        guard codes[1] == 60 /* < */ else { return nil }
        var fields: [Int] = [0], n = 2
        while n < codes.count {
            let c = codes[n]
            n += 1
            switch c {
            case 48...57: fields[fields.count - 1] = fields[fields.count - 1] * 10 + Int(c - 48)
                if fields[fields.count - 1] > 100_000 { return nil }
            case 59: fields.append(0); if fields.count > 3 { return nil }
            case 77, 109:
                guard fields.count == 3, fields[1] >= 1, fields[2] >= 1 else { return nil }
                let event = MouseEvent(kind: c == 109 ? .release : kind(fields[0]), x: fields[1] - 1, y: fields[2] - 1)
                return (event, n)
            default: return nil
            }
        }
        return nil
    }

    /// The button field: low two bits the button, 32 motion, 64 the wheel.
    private static func kind(_ b: Int) -> MouseEvent.Kind {
        if b & 64 != 0 { return b & 1 == 0 ? .wheelUp : .wheelDown }
        if b & 32 != 0 { return .motion }
        return .press(b & 3)
    }
}
