import PlantModel
import Prometheus

/// The plants' state as Prometheus metrics: every KPI per window with its unit in the metric name,
/// tag values, data age, and alarm states by priority.
final class PlantMetrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()
    let lock = NSLockLike()
    private var gauges: [String: Prometheus.Gauge] = [:]

    /// A Prometheus-safe unit suffix: "m3/t" → "m3_per_t", "%" → "percent", "degC" → "celsius".
    static func unitName(_ u: Unit) -> String {
        switch u {
        case .percent: return "percent"
        case .degreeCelsius: return "celsius"
        case .fraction, .coefficientOfPerformance: return "ratio"
        case .state: return "state"
        default:
            return u.ascii.lowercased().replacing("/", with: "_per_").replacing("³", with: "3")
                .filter { $0.isLetter || $0.isNumber || $0 == "_" }
        }
    }

    static func sanitize(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    private func gauge(_ name: String, _ labels: [(String, String)], help: String) -> Prometheus.Gauge {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        if let g = gauges[key] { return g }
        let g = registry.makeGauge(name: name, labels: labels, help: help)
        gauges[key] = g
        return g
    }

    /// Updates every metric from the monitors at `now`. A value that is unknown is exported as NaN
    /// (Prometheus's "no value"), so a series never silently freezes.
    func update(_ monitors: [PlantMonitor], now: Double) {
        for m in monitors {
            let plant = m.plant.id
            for (k, def) in m.slots.kpis.enumerated() {
                let name = "plantwatch_" + PlantMetrics.sanitize(def.id) + "_" + PlantMetrics.unitName(def.unit)
                for (w, wname) in zip(PlantMonitor.windowLengths.indices, ["15m", "1h", "24h"]) {
                    let (v, certain) = m.kpi(k, window: w)
                    gauge(name, [("plant", plant), ("window", wname)], help: "\(def.name) [\(def.unit.ascii)]: \(def.formula)").set(to: v ?? .nan)
                    gauge("plantwatch_kpi_certain", [("plant", plant), ("kpi", def.id), ("window", wname)],
                          help: "1 when the KPI's window is at least 90 % covered by data").set(to: certain ? 1.0 : 0.0)
                }
            }
            var newest = -Double.infinity
            for (i, spec) in m.plant.tags.tags.enumerated() {
                let (v, age) = m.tag(i)
                gauge("plantwatch_tag_value", [("plant", plant), ("tag", spec.id), ("unit", spec.unit.ascii)],
                      help: "Latest reading of each tag, in the unit of its label").set(to: v ?? .nan)
                if let age { newest = max(newest, now - age) }
            }
            gauge("plantwatch_data_age_seconds", [("plant", plant)], help: "Seconds since the plant's newest reading")
                .set(to: newest.isFinite ? max(0, now - newest) : .nan)
            for p in AlarmPriority.allCases {
                for st in [AlarmState.unacknowledged, .acknowledged, .returnedUnacknowledged, .shelved] {
                    let n = m.alarms.alarms.filter { $0.rule.priority == p && $0.state == st }.count
                    gauge("plantwatch_alarms", [("plant", plant), ("priority", p.rawValue), ("state", st.rawValue)],
                          help: "Alarms by priority and ISA-18.2 state").set(to: Double(n))
                }
            }
            gauge("plantwatch_alarm_flood", [("plant", plant)], help: "1 while more than 10 alarms activated in 10 minutes").set(to: m.alarms.flooding ? 1.0 : 0.0)
        }
    }

    func text() -> String { registry.emitToString() }
}

/// A pthread mutex: metrics are updated on the main thread and read by the HTTP server's.
final class NSLockLike: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&m)
        defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}
