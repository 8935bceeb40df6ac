/// Calendar arithmetic on epoch seconds, by hand: Foundation's date formatters cost
/// microseconds per call and a year at a 60 s step formats half a million timestamps.
/// Algorithms: Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
public struct CivilTime: Sendable, Equatable {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int
    public var fraction: Double = 0

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, fraction: Double = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second; self.fraction = fraction
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Seconds since the epoch of this wall-clock time at a UTC offset (seconds east).
    public func epoch(offset: Int) -> Double {
        let days = CivilTime.daysFromCivil(year, month, day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }

    /// The wall-clock time of an epoch instant at a UTC offset.
    public init(epoch: Double, offset: Int) {
        let whole = epoch.rounded(.down)
        let local = Int(whole) + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secs = local - days * 86_400
        let c = CivilTime.civilFromDays(days)
        self.init(year: c.year, month: c.month, day: c.day,
                  hour: secs / 3600, minute: (secs % 3600) / 60, second: secs % 60,
                  fraction: epoch - whole)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    public var weekday: Int {
        let days = CivilTime.daysFromCivil(year, month, day)
        return ((days % 7) + 7 + 3) % 7   // 1970-01-01 was a Thursday
    }

    /// Day of the year, 1-based.
    var dayOfYear: Int {
        CivilTime.daysFromCivil(year, month, day) - CivilTime.daysFromCivil(year, 1, 1) + 1
    }
}
