/// Adiabatic mixing of water streams by energy balance (flows in t/h, temperatures in °C).
/// Enthalpy, not temperature, is conserved; at these temperatures cp varies by < 1 %, but the
/// balance is done on IF97 enthalpies anyway so the result is exact to the table.
struct WaterStream: Sendable, Equatable {
    var flow: Double
    public var temperature: Double
    public init(flow: Double, temperature: Double) {
        self.flow = flow
        self.temperature = temperature
    }
}

enum Mixing {
    /// Outlet temperature of mixed streams.
    public static func mix(_ streams: [WaterStream], table: WaterEnthalpyTable) -> WaterStream {
        var m = 0.0, mh = 0.0
        for s in streams where s.flow > 0 {
            m += s.flow
            mh += s.flow * table.enthalpy(celsius: s.temperature)
        }
        guard m > 0 else { return WaterStream(flow: 0, temperature: streams.first?.temperature ?? 0) }
        return WaterStream(flow: m, temperature: table.temperature(enthalpy: mh / m))
    }

    /// Two streams, without building an array (the simulators' per-step path).
    public static func mix(_ a: WaterStream, _ b: WaterStream, table: WaterEnthalpyTable) -> WaterStream {
        let fa = max(0, a.flow), fb = max(0, b.flow)
        let m = fa + fb
        guard m > 0 else { return WaterStream(flow: 0, temperature: a.temperature) }
        let h = (fa * table.enthalpy(celsius: a.temperature) + fb * table.enthalpy(celsius: b.temperature)) / m
        return WaterStream(flow: m, temperature: table.temperature(enthalpy: h))
    }

    /// Cold water to add per unit of hot water so that the blend reaches `limit`:
    /// r = (h_hot − h_limit) / (h_limit − h_cold). Zero when the hot stream is already cool enough.
    /// This is how the Humanwell team protected the recovery pump from cavitating on hot drains.
    static func coolingRatio(hot: Double, cold: Double, limit: Double, table: WaterEnthalpyTable) -> Double {
        guard hot > limit, limit > cold else { return 0 }
        let hh = table.enthalpy(celsius: hot), hl = table.enthalpy(celsius: limit), hc = table.enthalpy(celsius: cold)
        return (hh - hl) / (hl - hc)
    }
}
