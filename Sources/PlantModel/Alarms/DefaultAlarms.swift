/// Rule shapes the site files use besides plain limit rules.
enum DefaultAlarms {
    /// Stuck-sensor rules (energy-reference.md §5.1 "sensor sanity: unchanged for > 1 h"): a live
    /// analogue value never repeats exactly for an hour; a frozen one does. A site file lists the
    /// tags under `stuck_sensors`.
    static func flatline(_ tags: [String]) -> [AlarmRule] {
        tags.map { AlarmRule(id: "\($0)-flatline", target: $0, kind: .flatline, limit: 3600, priority: .low,
                             message: "\($0) has not changed for {value}: stuck sensor? check the transmitter") }
    }
}
