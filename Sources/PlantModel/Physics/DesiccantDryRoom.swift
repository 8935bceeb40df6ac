/// The air handling of a low-dew-point dry room (battery electrode and cell assembly rooms hold
/// frost points of −40 °C and below): outdoor make-up air is cooled and dehumidified by a chilled-
/// water precooling coil, dried by a desiccant rotor whose regeneration air is heated electrically,
/// cooled again after the rotor (adsorption releases the water's latent heat into the process air),
/// and mixed into a large recirculated flow driven by the room's fans.
///
/// - Precooling coil: air leaves saturated at `coilDewPoint` when the outdoor air is more humid than
///   that; otherwise it is only cooled to `coilLeavingC` (sensible). Load = ṁ_oa·(h_oa − h_coil),
///   enthalpies from `Psychrometrics`.
/// - Rotor: removes ṁ_oa·(W_coil − W_supply), W_supply at the frost point `supplyDewPoint`.
///   Regeneration heat = water removed × `regenerationEnergy` (kJ per kg of water; low-dew-point
///   rotors need ≈ 4–6 MJ/kg [M], about twice the heat of adsorption).
/// - After-cooling coil: the heat of adsorption, ≈ `adsorptionHeat` per kg of water, appears as
///   sensible heat in the process air and is taken out by chilled water.
/// - Fans: recirculation and make-up fans on drives, power ∝ flow³ (fan affinity laws; the duct
///   system's static set point is neglected).
///
/// Control (what a set-point optimiser can change): the make-up air fraction (room pressurisation
/// needs less than design most of the time), the recirculation flow, and whether the regeneration
/// heater tracks the moisture actually removed (regeneration-temperature reset) or holds its design
/// output (fixed regeneration temperature, the heat not used leaving with the regeneration exhaust).
struct DesiccantDryRoom: Sendable {
    /// Design make-up (outdoor) air, kg/s dry air.
    var designOutdoorAir: Double
    /// Fan power at design recirculation, kW.
    var designFanPower: Double
    var coilDewPoint = 10.0
    var coilLeavingC = 15.0
    var supplyDewPoint = -40.0
    var regenerationEnergy = 4500.0   // kJ/kg water
    var adsorptionHeat = 2800.0       // kJ/kg water
    /// Moisture the rotor is sized for: outdoor air at the coil's dew point, dried to the supply.
    var designMoisture: Double {
        designOutdoorAir * (Psychrometrics.humidityRatio(dewPoint: coilDewPoint) - Psychrometrics.humidityRatio(dewPoint: supplyDewPoint))
    }

    struct Operation: Sendable, Equatable {
        var regenerationPower: Double   // kW electrical
        var fanPower: Double            // kW
        var coolingLoad: Double         // kW of chilled water (precooling + after-cooling)
        var waterRemoved: Double        // kg/s
        var power: Double { regenerationPower + fanPower }
    }

    func operate(outdoorC t: Double, outdoorRH rh: Double, outdoorAirFraction f: Double, recirculationFraction r: Double,
                 regenerationTracksLoad: Bool) -> Operation {
        let m = designOutdoorAir * f
        let w = Psychrometrics.humidityRatio(dryBulb: t, relativeHumidity: rh)
        let wc = Psychrometrics.humidityRatio(dewPoint: coilDewPoint)
        let ws = Psychrometrics.humidityRatio(dewPoint: supplyDewPoint)
        let hIn = Psychrometrics.enthalpy(dryBulb: t, humidityRatio: w)
        var wOut = w, coil = 0.0
        if w > wc {
            wOut = wc
            coil = m * (hIn - Psychrometrics.enthalpy(dryBulb: coilDewPoint, humidityRatio: wc))
        } else if t > coilLeavingC {
            coil = m * (hIn - Psychrometrics.enthalpy(dryBulb: coilLeavingC, humidityRatio: w))
        }
        let water = m * max(0, wOut - ws)
        let regen = regenerationTracksLoad ? water * regenerationEnergy : designMoisture * regenerationEnergy
        return Operation(regenerationPower: regen, fanPower: designFanPower * r * r * r,
                         coolingLoad: max(0, coil) + water * adsorptionHeat, waterRemoved: water)
    }
}
