import PlantModel
import Prometheus
import Synchronization

/// The plants' state as Prometheus metrics: every KPI per window with its unit in the metric name,
/// tag values, data age, alarm states by priority, and the alarm transitions counted from the
/// pipelines' event stream.
final class PlantMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    /// The run loop updates and the HTTP server's thread renders: one lock over both, so that a
    /// scrape never sees half an update.
    private let series = Mutex<[String: Series]>([:])

    private enum Series {
        case gauge(Prometheus.Gauge)
        case counter(Prometheus.Counter)
    }

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

    private static func key(_ name: String, _ labels: [(String, String)]) -> String {
        name + labels.map { "|\($0.0)=\($0.1)" }.joined()
    }

    /// Updates every plant's metrics from its pipeline at `now`.
    func update(_ pipelines: [PlantPipeline], now: Double) {
        series.withLock { series in
            func gauge(_ name: String, _ labels: [(String, String)], _ help: String) -> Prometheus.Gauge {
                let key = PlantMetrics.key(name, labels)
                if case .gauge(let g)? = series[key] { return g }
                let g = registry.makeGauge(name: name, labels: labels, help: help)
                series[key] = .gauge(g)
                return g
            }
            for m in pipelines { PlantMetrics.update(m, now: now, gauge) }
        }
    }

    /// Counts alarm transitions as the pipelines report them: events, not states, so one that
    /// comes and goes between two scrapes is still counted.
    func count(_ events: [AlarmEvent]) {
        guard !events.isEmpty else { return }
        series.withLock { series in
            for e in events {
                let labels = [("plant", e.plant), ("priority", e.priority.rawValue), ("event", e.event.rawValue)]
                let key = PlantMetrics.key("plantwatch_alarm_transitions_total", labels)
                if case .counter(let c)? = series[key] { c.increment(); continue }
                let c = registry.makeCounter(name: "plantwatch_alarm_transitions_total", labels: labels,
                                             help: "Alarm transitions (activate, clear, acknowledge, shelve, unshelve) since serve started")
                series[key] = .counter(c)
                c.increment()
            }
        }
    }

    /// One plant's metrics. A value that is unknown is exported as NaN (Prometheus's "no value"),
    /// so a series never silently freezes.
    private static func update(_ m: PlantPipeline, now: Double, _ gauge: (String, [(String, String)], String) -> Prometheus.Gauge) {
        let plant = m.plant.id
        for (k, def) in m.slots.kpis.enumerated() {
            let name = "plantwatch_" + PlantMetrics.sanitize(def.id) + "_" + PlantMetrics.unitName(def.unit)
            for (w, wname) in zip(PlantPipeline.windowLengths.indices, ["15m", "1h", "24h"]) {
                let (v, certain) = m.kpi(k, window: w)
                // One help text per metric name, whichever plants share it: Prometheus refuses a
                // second help for the same name, and plants (or site files) state the same KPI id
                // with their own formulas and names. The formula is the site file's (`plants`).
                gauge(name, [("plant", plant), ("window", wname)],
                      "KPI \(def.id) [\(def.unit.ascii)] over the window of the label; its formula per plant: plantwatch plants, or the site file")
                    .set(to: v ?? .nan)
                gauge("plantwatch_kpi_certain", [("plant", plant), ("kpi", def.id), ("window", wname)],
                      "1 when the KPI's window is at least 90 % covered by data").set(to: certain ? 1.0 : 0.0)
            }
        }
        var newest = -Double.infinity
        for (i, spec) in m.plant.tags.tags.enumerated() {
            let (v, age) = m.tag(i)
            gauge("plantwatch_tag_value", [("plant", plant), ("tag", spec.id), ("unit", spec.unit.ascii)],
                  "Latest reading of each tag, in the unit of its label").set(to: v ?? .nan)
            if let age { newest = max(newest, now - age) }
        }
        gauge("plantwatch_data_age_seconds", [("plant", plant)], "Seconds since the plant's newest reading")
            .set(to: newest.isFinite ? max(0, now - newest) : .nan)
        for p in AlarmPriority.allCases {
            for st in [AlarmState.unacknowledged, .acknowledged, .returnedUnacknowledged, .shelved] {
                let n = m.alarms.alarms.filter { $0.rule.priority == p && $0.state == st }.count
                gauge("plantwatch_alarms", [("plant", plant), ("priority", p.rawValue), ("state", st.rawValue)],
                      "Alarms by priority and ISA-18.2 state").set(to: Double(n))
            }
        }
        gauge("plantwatch_alarm_flood", [("plant", plant)], "1 while more than 10 alarms activated in 10 minutes").set(to: m.alarms.flooding ? 1.0 : 0.0)
    }

    func text() -> String { series.withLock { _ in registry.emitToString() } }
}
