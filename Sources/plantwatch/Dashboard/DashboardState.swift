import PlantModel

/// Everything the screen shows, and nothing else: the dashboard is `render(state) -> Frame`.
struct DashboardState: Sendable {
    enum Screen: Equatable, Sendable { case overview, detail, drift, beforeAfter, handover }
    enum Mode: Equatable, Sendable { case live, replay }

    var monitors: [PlantMonitor]
    /// Per plant: what feeds it (scenario or file names).
    var sourceLabels: [String]
    /// Per plant: the same plant on its first ("before") scenario, on identical weather and load,
    /// for the before/after view; nil where there is none (replay, or already the first scenario).
    var before: [PlantMonitor?] = []
    var beforeLabels: [String] = []
    var mode: Mode
    var screen: Screen = .overview
    var selectedPlant = 0
    var window = 1
    var selectedKPI = 0
    var selectedAlarm = 0
    var paused = false
    var speedIndex = 0
    var simTime: Double
    var showHelp = false
    /// First line of the help shown, where the help is longer than the screen.
    var helpScroll = 0
    /// Set while asking how long to shelve the selected alarm.
    var shelvePrompt = false
    var message: String?
    var width = 100
    var height = 30
    var color = true
    var ascii = false
    var finished = false
    var quit = false
    /// Per plant: seconds its clock runs behind `simTime` (an out-of-season plant, see SeasonClock).
    var clockOffsets: [Double] = []
    /// While the long history is simulated in the background: how far it has got (0–1).
    var historyProgress: Double?
    /// `--demo`: an incident played at speed.
    var demo = false
    /// Which alarms the pane lists (f: priority, p: plant, /: text).
    var alarmFilter = AlarmFilter()
    /// While `/` is being typed: the text so far.
    var searchInput: String?
    /// The alarm pane's first row, as scrolled (wheel, PgUp/PgDn); the selection stays in view.
    var alarmScroll = 0
    /// The handover view's first line, where it is longer than the screen.
    var handoverScroll = 0
    /// Per plant: what its source rejected (replayed or followed logs; nil: a simulation rejects nothing).
    var rejects: [RejectTally?] = []

    /// The alarm pane's filter; everything passes an empty one.
    struct AlarmFilter: Equatable, Sendable {
        /// This priority and the more urgent ones.
        var priority: AlarmPriority?
        /// On the overview, one plant's alarms.
        var plant: Int?
        /// Case-insensitive, in the alarm's id, what it watches, its message and its plant.
        var text = ""

        var isActive: Bool { priority != nil || plant != nil || !text.isEmpty }

        var summary: String? {
            var parts: [String] = []
            if let p = priority { parts.append(p == .critical ? "critical only" : "≥ \(p.rawValue)") }
            if !text.isEmpty { parts.append("/" + Sanitize.line(text, limit: 20)) }
            return parts.isEmpty ? nil : "filter " + parts.joined(separator: " ")
        }

        func admits(_ r: AlarmRow, plantID: String, message: String) -> Bool {
            if let p = priority, r.alarm.rule.priority > p { return false }
            if let p = plant, r.plant != p { return false }
            guard !text.isEmpty else { return true }
            let needle = text.lowercased()
            return [r.alarm.rule.id, r.alarm.rule.target, message, plantID].contains { $0.lowercased().contains(needle) }
        }
    }

    static let speeds: [Double] = [1, 10, 60, 600, .infinity]
    static let speedNames = ["1×", "10×", "60×", "600×", "max"]
    static let shelveChoices: [(name: String, seconds: Double)] = [("15 min", 900), ("1 h", 3600), ("8 h", 28_800), ("24 h", 86_400)]
    static let minWidth = 60, minHeight = 20

    var speed: Double { DashboardState.speeds[speedIndex] }
    var glyphs: Glyphs { ascii ? .ascii : .unicode }
    var monitor: PlantMonitor { monitors[selectedPlant] }

    func clockOffset(_ plant: Int) -> Double { clockOffsets.indices.contains(plant) ? clockOffsets[plant] : 0 }
    /// The plant's own clock: the dashboard's, or its season's.
    func plantTime(_ plant: Int) -> Double { simTime - clockOffset(plant) }

    /// The KPIs each plant shows first, in its overview block.
    static func headline(_ plant: PlantDefinition) -> [String] { plant.headline }

    /// One row of the alarm pane.
    struct AlarmRow: Sendable {
        var plant: Int
        var index: Int
        var alarm: Alarm
        var message: String
    }

    /// Alarms not in the normal state, newest activation first, shelved last: of every plant on the
    /// overview, of the selected plant in its detail view.
    var alarmRows: [AlarmRow] {
        var rows: [AlarmRow] = []
        var filter = alarmFilter
        if screen != .overview { filter.plant = nil }
        for (p, m) in monitors.enumerated() where screen == .overview || p == selectedPlant {
            for (i, a) in m.alarms.alarms.enumerated() where a.state != .normal {
                let row = AlarmRow(plant: p, index: i, alarm: a, message: m.alarms.message(i))
                if filter.admits(row, plantID: m.plant.id, message: row.message) { rows.append(row) }
            }
        }
        return rows.sorted { a, b in
            let sa = a.alarm.state == .shelved, sb = b.alarm.state == .shelved
            if sa != sb { return !sa }
            // Newest activation first, so that acknowledging one does not move it under the cursor.
            let ta = a.alarm.activatedAt.isNaN ? a.alarm.lastChange : a.alarm.activatedAt
            let tb = b.alarm.activatedAt.isNaN ? b.alarm.lastChange : b.alarm.activatedAt
            if ta != tb { return ta > tb }
            return a.alarm.rule.priority < b.alarm.rule.priority
        }
    }

    var flooding: Bool { monitors.contains { $0.alarms.flooding } }

    func alarmCounts() -> [AlarmPriority: Int] {
        var c: [AlarmPriority: Int] = [:]
        for m in monitors { for (k, v) in m.alarms.counts() { c[k, default: 0] += v } }
        return c
    }
}
