import PlantModel

/// Everything the screen shows, and nothing else: the dashboard is `render(state) -> Frame`.
struct DashboardState: Sendable {
    enum Screen: Equatable, Sendable { case overview, detail, drift, beforeAfter }
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
    /// Set while asking how long to shelve the selected alarm.
    var shelvePrompt = false
    var message: String?
    var width = 100
    var height = 30
    var color = true
    var ascii = false
    var finished = false
    var quit = false

    static let speeds: [Double] = [1, 10, 60, 600, .infinity]
    static let speedNames = ["1×", "10×", "60×", "600×", "max"]
    static let shelveChoices: [(name: String, seconds: Double)] = [("15 min", 900), ("1 h", 3600), ("8 h", 28_800), ("24 h", 86_400)]
    static let minWidth = 60, minHeight = 20

    var speed: Double { DashboardState.speeds[speedIndex] }
    var glyphs: Glyphs { ascii ? .ascii : .unicode }
    var monitor: PlantMonitor { monitors[selectedPlant] }

    /// The KPIs each plant shows first, in its overview block.
    static func headline(_ plant: PlantDefinition) -> [String] { plant.headline }

    /// One row of the alarm pane.
    struct AlarmRow: Sendable {
        var plant: Int
        var index: Int
        var alarm: Alarm
        var message: String
    }

    /// Alarms not in the normal state, newest change first, shelved last: of every plant on the
    /// overview, of the selected plant in its detail view.
    var alarmRows: [AlarmRow] {
        var rows: [AlarmRow] = []
        for (p, m) in monitors.enumerated() where screen == .overview || p == selectedPlant {
            for (i, a) in m.alarms.alarms.enumerated() where a.state != .normal {
                rows.append(AlarmRow(plant: p, index: i, alarm: a, message: m.alarms.message(i)))
            }
        }
        return rows.sorted { a, b in
            let sa = a.alarm.state == .shelved, sb = b.alarm.state == .shelved
            if sa != sb { return !sa }
            if a.alarm.lastChange != b.alarm.lastChange { return a.alarm.lastChange > b.alarm.lastChange }
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
