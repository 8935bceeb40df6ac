import CNcurses
import PlantModel

/// What a key asks for. Input becomes actions; only `DashboardState.apply` changes the state.
enum Action: Equatable, Sendable {
    case selectPlant(Int), nextPlant, overview, enter
    case up, down, left, right
    case cycleWindow
    case acknowledge, acknowledgeAll
    case shelve, shelveFor(Int), cancel
    case togglePause, faster, slower
    case stepBack, stepForward
    case toggleHelp, quit
    case driftView, beforeAfterView
    case resize(Int, Int)

    /// The key map (see the help overlay and the README).
    static func from(key: Int32) -> Action? {
        switch key {
        case Int32(UInt8(ascii: "1")): return .selectPlant(0)
        case Int32(UInt8(ascii: "2")): return .selectPlant(1)
        case Int32(UInt8(ascii: "3")): return .selectPlant(2)
        case Int32(UInt8(ascii: "4")): return .shelveFor(3)
        case 9: return .nextPlant
        case Int32(UInt8(ascii: "o")): return .overview
        case 10, 13, KEY_ENTER: return .enter
        case KEY_UP, Int32(UInt8(ascii: "k")): return .up
        case KEY_DOWN, Int32(UInt8(ascii: "j")): return .down
        case KEY_LEFT, Int32(UInt8(ascii: "h")): return .left
        case KEY_RIGHT, Int32(UInt8(ascii: "l")): return .right
        case Int32(UInt8(ascii: "w")): return .cycleWindow
        case Int32(UInt8(ascii: "a")): return .acknowledge
        case Int32(UInt8(ascii: "A")): return .acknowledgeAll
        case Int32(UInt8(ascii: "s")): return .shelve
        case 27: return .cancel
        case Int32(UInt8(ascii: " ")): return .togglePause
        case Int32(UInt8(ascii: "+")), Int32(UInt8(ascii: "=")): return .faster
        case Int32(UInt8(ascii: "-")): return .slower
        case Int32(UInt8(ascii: "[")): return .stepBack
        case Int32(UInt8(ascii: "]")): return .stepForward
        case Int32(UInt8(ascii: "?")): return .toggleHelp
        case Int32(UInt8(ascii: "d")): return .driftView
        case Int32(UInt8(ascii: "b")): return .beforeAfterView
        case Int32(UInt8(ascii: "q")), Int32(UInt8(ascii: "Q")), 3: return .quit
        default: return nil
        }
    }
}

extension DashboardState {
    /// Applies an action; returns the alarm events operator actions caused (for the journal).
    /// Time-related actions (pause, speed, seek) only set flags that the run loop acts on.
    mutating func apply(_ action: Action, operatorName: String) -> [AlarmEvent] {
        message = nil
        if shelvePrompt {
            shelvePrompt = false
            switch action {
            case .selectPlant(let i): return shelveSelected(DashboardState.shelveChoices[i].seconds, by: operatorName)
            case .shelveFor(let i): return shelveSelected(DashboardState.shelveChoices[i].seconds, by: operatorName)
            default: message = "shelving cancelled"; return []
            }
        }
        if showHelp && action != .quit && !isResize(action) {
            showHelp = false
            if action == .toggleHelp || action == .cancel { return [] }
        }
        switch action {
        case .selectPlant(let i):
            if i < monitors.count { selectedPlant = i; screen = .detail; selectedKPI = 0; selectedAlarm = 0 }
        case .nextPlant:
            selectedPlant = (selectedPlant + 1) % monitors.count
            selectedKPI = 0
            selectedAlarm = 0
        case .overview:
            screen = .overview
            selectedAlarm = 0
        case .enter:
            screen = screen == .overview ? .detail : .overview
            selectedAlarm = 0
        case .up: selectedAlarm = max(0, selectedAlarm - 1)
        case .down: selectedAlarm = min(max(0, alarmRows.count - 1), selectedAlarm + 1)
        case .left: selectedKPI = (selectedKPI + monitor.slots.kpis.count - 1) % monitor.slots.kpis.count
        case .right: selectedKPI = (selectedKPI + 1) % monitor.slots.kpis.count
        case .cycleWindow: window = (window + 1) % PlantMonitor.windowLengths.count
        case .acknowledge:
            let rows = alarmRows
            guard selectedAlarm < rows.count else { message = "no alarm selected"; return [] }
            let r = rows[selectedAlarm]
            if let e = monitors[r.plant].acknowledge(r.alarm.rule.id, now: plantTime(r.plant), by: operatorName) { return [e] }
            message = "\(r.alarm.rule.id) needs no acknowledgement"
        case .acknowledgeAll:
            var events: [AlarmEvent] = []
            for r in alarmRows where r.alarm.state != .shelved {
                if let e = monitors[r.plant].acknowledge(r.alarm.rule.id, now: plantTime(r.plant), by: operatorName) { events.append(e) }
            }
            message = events.isEmpty ? "nothing to acknowledge" : "acknowledged \(events.count) alarm\(events.count == 1 ? "" : "s")"
            return events
        case .shelve:
            if selectedAlarm < alarmRows.count { shelvePrompt = true } else { message = "no alarm selected" }
        case .shelveFor: break
        case .cancel: break
        case .togglePause: paused.toggle()
        case .faster: speedIndex = min(DashboardState.speeds.count - 1, speedIndex + 1)
        case .slower: speedIndex = max(0, speedIndex - 1)
        case .stepBack, .stepForward: break
        case .toggleHelp: showHelp.toggle()
        case .driftView: screen = screen == .drift ? .detail : .drift
        case .beforeAfterView:
            if before.indices.contains(selectedPlant), before[selectedPlant] != nil {
                screen = screen == .beforeAfter ? .detail : .beforeAfter
            } else {
                message = mode == .replay ? "before/after runs on live simulated plants (for logs: plantwatch compare)" : "this plant already runs its first scenario"
            }
        case .quit: quit = true
        case .resize(let w, let h): width = w; height = h
        }
        let n = alarmRows.count
        if selectedAlarm >= n { selectedAlarm = max(0, n - 1) }
        return []
    }

    private func isResize(_ a: Action) -> Bool { if case .resize = a { return true } else { return false } }

    private mutating func shelveSelected(_ seconds: Double, by who: String) -> [AlarmEvent] {
        let rows = alarmRows
        guard selectedAlarm < rows.count else { return [] }
        let r = rows[selectedAlarm]
        guard let e = monitors[r.plant].shelve(r.alarm.rule.id, for: seconds, now: plantTime(r.plant), by: who) else { return [] }
        message = "\(r.alarm.rule.id) shelved for \(DashboardState.shelveChoices.first { $0.seconds == seconds }?.name ?? "")"
        return [e]
    }
}

let KEY_RESIZE_CODE = KEY_RESIZE
