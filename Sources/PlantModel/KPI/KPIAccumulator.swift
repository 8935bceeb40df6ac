/// Sums a plant's KPI slots over everything it is fed: the "whole period" engine, and the
/// building block of per-period reports.
public struct KPIAccumulator: Sendable {
    public let slots: KPISlots
    public private(set) var engine: IncrementEngine
    public private(set) var sums: [Double]
    private var compensation: [Double]
    public private(set) var rows = 0
    public private(set) var firstTime = Double.nan
    public private(set) var lastTime = Double.nan

    public var kpis: [KPIDefinition] { slots.kpis }

    public init(slots: KPISlots) {
        self.slots = slots
        engine = IncrementEngine(slots: slots)
        sums = Array(repeating: 0, count: slots.count)
        compensation = sums
    }

    /// For the built-in plants, whose KPI definitions are checked by the test suite.
    public init(registry: TagRegistry, kpis: [KPIDefinition]) {
        do { self.init(slots: try KPISlots(registry: registry, kpis: kpis)) } catch { preconditionFailure("\(error)") }
    }

    var rollovers: Int { engine.rollovers.reduce(0, +) }
    var resets: Int { engine.resets.reduce(0, +) }

    /// Feeds one wide row: `values[i]` is tag i's reading, NaN where the row has none.
    public mutating func add(time: Double, values: [Double]) {
        ReadingRow.with(time: time, tags: (0..<Int32(values.count)).map { $0 }, values: values) { engine.row($0) }
        apply(engine.pending, time: time)
    }

    /// Adds already computed increments (from a shared engine).
    public mutating func apply(_ increments: UnsafeBufferPointer<Increment>, time: Double) {
        rows += 1
        if firstTime.isNaN { firstTime = time }
        lastTime = time
        sums.withUnsafeMutableBufferPointer { sums in
            compensation.withUnsafeMutableBufferPointer { compensation in
                for inc in increments {
                    let s = inc.slot, d = inc.delta, x = sums[s]
                    // Neumaier summation: a year of minute data adds 10⁵–10⁶ terms per slot.
                    let t = x + d
                    compensation[s] += abs(x) >= abs(d) ? (x - t) + d : (d - t) + x
                    sums[s] = t
                }
            }
        }
    }

    /// The compensated sums.
    public var totals: [Double] { zip(sums, compensation).map { $0 + $1 } }

    public func value(_ kpi: KPIDefinition) -> Double? {
        guard let k = slots.kpis.firstIndex(where: { $0.id == kpi.id }) else { return nil }
        return value(at: k)
    }

    public func value(_ id: String) -> Double? {
        guard let k = slots.kpis.firstIndex(where: { $0.id == id }) else { return nil }
        return value(at: k)
    }

    public func value(at k: Int) -> Double? {
        let t = totals
        return t.withUnsafeBufferPointer { slots.value(k, $0) }
    }

    public func coverage(at k: Int, seconds: Double) -> Double {
        let t = totals
        return t.withUnsafeBufferPointer { slots.coverage(k, $0, seconds: seconds) }
    }

    /// The summed quantity of one tag (m³, t, kWh …).
    public func total(_ tag: String) -> Double {
        slots.registry.index(of: tag).map { sums[$0] + compensation[$0] } ?? 0
    }
}
