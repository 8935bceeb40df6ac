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
    case driftView, beforeAfterView, handoverView
    case resize(Int, Int)
    /// Alarm pane: f priority filter, p plant filter, / search, PgUp/PgDn and the wheel scroll.
    case filterPriority, filterPlant, search, type(Character), backspace
    case scrollAlarms(Int)
    case click(x: Int, y: Int)

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
        case Int32(UInt8(ascii: "H")): return .handoverView
        case Int32(UInt8(ascii: "q")), Int32(UInt8(ascii: "Q")), 3: return .quit
        case Int32(UInt8(ascii: "f")): return .filterPriority
        case Int32(UInt8(ascii: "p")): return .filterPlant
        case Int32(UInt8(ascii: "/")): return .search
        case KEY_PPAGE: return .scrollAlarms(-pageStep)
        case KEY_NPAGE: return .scrollAlarms(pageStep)
        default: return nil
        }
    }

    /// PgUp/PgDn move the alarm list this many rows.
    static let pageStep = 10

    /// While `/` is being typed: printable characters are text; Enter keeps it, Esc drops it.
    static func typing(key: Int32) -> Action? {
        switch key {
        case 10, 13, KEY_ENTER: return .enter
        case 27: return .cancel
        case 8, 127, KEY_BACKSPACE: return .backspace
        case 32..<127: return .type(Character(Unicode.Scalar(UInt8(key))))
        default: return nil
        }
    }

    /// A click or the wheel: wheel scrolls the alarm list, a left click acts on what is under it.
    static func from(mouse m: MouseEvent) -> Action? {
        switch m.kind {
        case .wheelUp: return .scrollAlarms(-3)
        case .wheelDown: return .scrollAlarms(3)
        case .press(0): return .click(x: m.x, y: m.y)
        default: return nil
        }
    }
}

extension DashboardState {
    /// Applies an action; returns the alarm events operator actions caused (for the journal).
    /// Time-related actions (pause, speed, seek) only set flags that the run loop acts on.
    mutating func apply(_ action: Action, operatorName: String) -> [AlarmEvent] {
        message = nil
        if searchInput != nil, let done = editSearch(action) { return done }
        if shelvePrompt {
            shelvePrompt = false
            switch action {
            case .selectPlant(let i): return shelveSelected(DashboardState.shelveChoices[i].seconds, by: operatorName)
            case .shelveFor(let i): return shelveSelected(DashboardState.shelveChoices[i].seconds, by: operatorName)
            default: message = "shelving cancelled"; return []
            }
        }
        // The help scrolls where it does not fit; any other key closes it.
        if showHelp {
            let most = HelpOverlay.maxScroll(width: width, height: height)
            switch action {
            case .up: helpScroll = max(0, helpScroll - 1); return []
            case .down: helpScroll = min(most, helpScroll + 1); return []
            case .scrollAlarms(let n): helpScroll = max(0, min(most, helpScroll + n)); return []
            default: break
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
        case .up where screen == .handover: handoverScroll = max(0, handoverScroll - 1)
        case .down where screen == .handover: handoverScroll = min(DashboardRenderer.handoverMaxScroll(self), handoverScroll + 1)
        case .scrollAlarms(let n) where screen == .handover: handoverScroll = max(0, min(DashboardRenderer.handoverMaxScroll(self), handoverScroll + n))
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
        case .toggleHelp: showHelp.toggle(); helpScroll = 0
        case .driftView: screen = screen == .drift ? .detail : .drift
        case .beforeAfterView:
            if before.indices.contains(selectedPlant), before[selectedPlant] != nil {
                screen = screen == .beforeAfter ? .detail : .beforeAfter
            } else {
                message = mode == .replay ? "before/after runs on live simulated plants (for logs: plantwatch compare)" : "this plant already runs its first scenario"
            }
        case .handoverView:
            if monitor.plant.shifts == nil {
                message = "\(monitor.plant.id) has no shift calendar (site file: shifts, teams)"
            } else {
                screen = screen == .handover ? .detail : .handover
                handoverScroll = 0
            }
        case .quit: quit = true
        case .resize(let w, let h): width = w; height = h
        case .filterPriority:
            // All, then medium and above, high and above, critical only.
            let cycle: [AlarmPriority?] = [nil, .medium, .high, .critical]
            alarmFilter.priority = cycle[((cycle.firstIndex(of: alarmFilter.priority) ?? 0) + 1) % cycle.count]
            selectedAlarm = 0; alarmScroll = 0
        case .filterPlant:
            guard screen == .overview else { message = "the plant filter is for the overview (the detail shows its plant's alarms)"; return [] }
            let next = (alarmFilter.plant.map { $0 + 1 } ?? 0)
            alarmFilter.plant = next < monitors.count ? next : nil
            selectedAlarm = 0; alarmScroll = 0
        case .search: searchInput = alarmFilter.text
        case .type, .backspace: break
        case .scrollAlarms(let n):
            let rows = alarmRows.count, height = DashboardLayout(self).alarmList?.height ?? 1
            alarmScroll = max(0, min(alarmScroll + n, rows - height))
            // The selection moves with the page, so that it stays on screen.
            selectedAlarm = min(max(selectedAlarm, alarmScroll), alarmScroll + height - 1)
        case .click(let x, let y): return click(x: x, y: y)
        }
        let n = alarmRows.count
        if selectedAlarm >= n { selectedAlarm = max(0, n - 1) }
        if let h = DashboardLayout(self).alarmList?.height {
            alarmScroll = AlarmList.firstRow(scroll: alarmScroll, selected: selectedAlarm, count: n, height: h)
        }
        return []
    }

    /// Keys while `/` is open: text edits the search (the list filters as it is typed).
    private mutating func editSearch(_ action: Action) -> [AlarmEvent]? {
        switch action {
        case .type(let c): searchInput?.append(c)
        case .backspace: if searchInput?.isEmpty == false { searchInput?.removeLast() }
        case .enter: searchInput = nil; return []
        case .cancel: searchInput = nil; alarmFilter.text = ""; return []
        case .resize, .quit: return nil
        default: return []
        }
        alarmFilter.text = searchInput ?? ""
        selectedAlarm = 0
        alarmScroll = 0
        return []
    }

    /// A left click: a plant block opens the plant, an alarm row selects the alarm, a KPI row
    /// (detail) trends the KPI; a click elsewhere does nothing. Any click closes the help.
    private mutating func click(x: Int, y: Int) -> [AlarmEvent] {
        let layout = DashboardLayout(self)
        if let i = layout.blocks.firstIndex(where: { $0.contains(x, y) }) {
            selectedPlant = i; screen = .detail; selectedKPI = 0; selectedAlarm = 0; alarmScroll = 0
        } else if let list = layout.alarmList, list.contains(x, y) {
            let first = AlarmList.firstRow(scroll: alarmScroll, selected: selectedAlarm, count: alarmRows.count, height: list.height)
            let row = first + y - list.y
            if row < alarmRows.count { selectedAlarm = row; alarmScroll = first }
        } else if let kpis = layout.kpiList, kpis.contains(x, y) {
            let k = layout.firstKPI + y - kpis.y
            if k < monitor.slots.kpis.count { selectedKPI = k }
        }
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
