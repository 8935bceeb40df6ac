/// A plant's shift calendar: the shifts that tile its day and the teams that rotate through them.
///
/// A *shift day* starts when the first listed shift starts (08:00, say), so a night shift that runs
/// past midnight belongs to the shift day it started in, as shift logs book it. The rotation lists,
/// for each day of its cycle, the team on each shift; it repeats from `rotationStart` both ways.
/// Chinese continuous-process plants commonly run "four teams, three shifts" (四班三运转): each team
/// works two mornings, two afternoons, two nights, then has two days off — an 8-day cycle.
public struct ShiftCalendar: Sendable, Equatable {
    public struct Shift: Sendable, Equatable {
        public var name: String
        /// Seconds after local midnight.
        public var start: Int
        /// Seconds.
        public var length: Int
        public init(name: String, start: Int, length: Int) { self.name = name; self.start = start; self.length = length }
    }

    /// In the order they follow each other from the shift day's start; their lengths sum to 24 h.
    public var shifts: [Shift]
    public var teams: [String] = []
    /// Per day of the cycle, per shift: an index into `teams`.
    public var rotation: [[Int]] = []
    /// The shift day (days since 1970-01-01 in local time) on which the rotation's first line applies.
    var rotationStart = 0
    public var utcOffset: Int

    public init(shifts: [Shift], utcOffset: Int) {
        self.shifts = shifts
        self.utcOffset = utcOffset
    }

    public var hasTeams: Bool { !teams.isEmpty && !rotation.isEmpty }

    /// One worked shift: which shift, on which shift day, when, and the team on it.
    public struct Slot: Sendable, Equatable {
        public var shift: Int
        public var day: Int
        public var start: Double
        public var end: Double
        public var team: Int?
    }

    /// The shift containing instant `t` (epoch seconds): [start, end).
    public func slot(at t: Double) -> Slot {
        let first = Double(shifts[0].start)
        let local = t + Double(utcOffset) - first
        let day = Int((local / 86_400).rounded(.down))
        let dayStart = Double(day) * 86_400 + first - Double(utcOffset)
        let within = t - dayStart
        var k = 0, offset = 0.0
        while k < shifts.count - 1 && within >= offset + Double(shifts[k].length) {
            offset += Double(shifts[k].length)
            k += 1
        }
        let s = dayStart + offset
        return Slot(shift: k, day: day, start: s, end: s + Double(shifts[k].length), team: team(day: day, shift: k))
    }

    public func team(day: Int, shift: Int) -> Int? {
        guard hasTeams else { return nil }
        let n = rotation.count
        let c = ((day - rotationStart) % n + n) % n
        return rotation[c][shift]
    }

    /// The rotation cycle a shift day falls in (cycles counted from `rotationStart`): within one
    /// cycle every team works every shift equally often.
    public func cycle(day: Int) -> Int {
        guard hasTeams else { return day }
        let d = day - rotationStart, n = rotation.count
        return d >= 0 ? d / n : -((-d + n - 1) / n)
    }

    /// "2019-01-07 night (C)".
    public func label(_ s: Slot) -> String {
        let (y, m, d) = CivilTime.civilFromDays(s.day)
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        return "\(y)-\(two(m))-\(two(d)) \(shifts[s.shift].name)" + (s.team.map { " (\(teams[$0]))" } ?? "")
    }
}

extension SiteLoader {
    /// `shifts:` (a list of {name, start "HH:MM", length hours}) and `teams:` ({names, rotation_start,
    /// rotation: one list of team names per day of the cycle, in the order of the shifts}).
    static func shiftCalendar(_ shiftsV: YAMLValue?, _ teamsV: YAMLValue?, utcOffset: Int) throws -> ShiftCalendar? {
        guard let shiftsV else {
            if let t = teamsV { throw t.error("teams rotate through shifts: give a `shifts` section too") }
            return nil
        }
        var list: [(ShiftCalendar.Shift, YAMLValue, given: Bool)] = []
        for s in try shiftsV.list() {
            let o = try s.object(["name", "start", "length"])
            let name = try o.required("name").string()
            guard !name.isEmpty else { throw try o.required("name").error("a shift needs a name") }
            if list.contains(where: { $0.0.name == name }) { throw try o.required("name").error("shift '\(name)' is listed twice") }
            let startV = try o.required("start")
            let start = try clock(startV)
            var length = 0
            if let l = o["length"] {
                let h = try l.double()
                guard h > 0, h <= 24, (h * 3600).rounded() == h * 3600 else { throw l.error("length is in hours, more than 0 and at most 24") }
                length = Int(h * 3600)
            }
            list.append((ShiftCalendar.Shift(name: name, start: start, length: length), o["length"] ?? startV, o["length"] != nil))
        }
        guard !list.isEmpty else { throw shiftsV.error("list at least one shift") }
        // The shifts must tile the day: each starts where the one before ends, the last ends where
        // the first starts. Otherwise hours would belong to no shift (or two), and the shifts'
        // totals would not add up to the plant's.
        for i in list.indices {
            let next = list[(i + 1) % list.count].0.start
            var gap = (next - list[i].0.start + 86_400) % 86_400
            if gap == 0 { gap = 86_400 }
            if list.count > 1 && gap == 86_400 { throw list[(i + 1) % list.count].1.error("two shifts start at the same time") }
            if list[i].given {
                guard list[i].0.length == gap else {
                    throw list[i].1.error("shift '\(list[i].0.name)' lasts \(Double(list[i].0.length) / 3600) h but the next starts \(Double(gap) / 3600) h after it: shifts must follow each other round the clock")
                }
            }
            list[i].0.length = gap
        }
        var cal = ShiftCalendar(shifts: list.map(\.0), utcOffset: utcOffset)
        guard let teamsV else { return cal }
        let o = try teamsV.object(["names", "rotation_start", "rotation"])
        let names = try o.required("names").strings()
        guard !names.isEmpty, Set(names).count == names.count else { throw try o.required("names").error("team names: at least one, each once") }
        let startV = try o.required("rotation_start")
        let startText = try startV.string()
        guard let t = ISO8601.parse(startText, defaultOffset: 0), t == (t / 86_400).rounded(.down) * 86_400 else {
            throw startV.error("'\(startText)' is not a date such as 2019-01-01 (the shift day the rotation's first line applies to)")
        }
        cal.rotationStart = Int(t / 86_400)
        let rotV = try o.required("rotation")
        var rotation: [[Int]] = []
        for day in try rotV.list() {
            let cells = try day.list()
            guard cells.count == cal.shifts.count else {
                throw day.error("a rotation line names the team on each of the \(cal.shifts.count) shifts (\(cal.shifts.map(\.name).joined(separator: ", ")))")
            }
            rotation.append(try cells.map { c in
                let n = try c.string()
                guard let i = names.firstIndex(of: n) else { throw c.error("unknown team '\(n)'\(hint(n, names))") }
                return i
            })
            // A team on two shifts of one day would work 16 hours straight or be in two places.
            let row = rotation.last!
            if Set(row).count != row.count { throw day.error("a team works at most one shift a day") }
        }
        guard !rotation.isEmpty else { throw rotV.error("the rotation needs at least one day") }
        for (i, n) in names.enumerated() where !rotation.joined().contains(i) {
            throw rotV.error("team '\(n)' never works in the rotation")
        }
        cal.teams = names
        cal.rotation = rotation
        return cal
    }

    /// "08:00" or "8:30" → seconds after midnight.
    static func clock(_ v: YAMLValue) throws -> Int {
        // YAML 1.1 reads an unquoted 08:00 as a sexagesimal number (480): ask for quotes instead.
        let text = try v.string().trimmed
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m), parts[1].count == 2 else {
            throw v.error("'\(text)' is not a time of day such as \"08:00\" (quote it)")
        }
        return h * 3600 + m * 60
    }
}
