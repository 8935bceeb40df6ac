/// Condensate return and blowdown: the mass and energy balances of a steam system's water side.
///
/// Flash: condensate leaving the users' traps is saturated liquid at the users' pressure p₁; in a
/// vented receiver at p₂ (atmospheric) part of it boils off. By an energy balance on the receiver
/// (Spirax Sarco, "The Steam and Condensate Loop", Block 14 "Flash steam"; any thermodynamics text):
///
///     x = (h_f(p₁) − h_f(p₂)) ÷ (h_g(p₂) − h_f(p₂))
///
/// with IAPWS-IF97 enthalpies; the flash is vented (the flash loss) and the rest returns at T_sat(p₂).
///
/// Blowdown by the dissolved-solids balance of the boiler water at steady state: solids in with the
/// fresh make-up leave with the blowdown, condensate brings none (DOE Steam Tip Sheet #9, "Minimize
/// Boiler Blowdown": B = F·c_f ÷ c_b):
///
///     B·c_b = M·c_m,   M = S + B − R   ⇒   B = (S − R)·r ÷ (1 − r),   r = c_m ÷ c_b
///
/// so returning condensate cuts the blowdown as well as warming the feed.
enum Condensate {
    /// Fraction of saturated condensate at `fromMPa` (abs) that flashes in a receiver at `toMPa` (abs).
    static func flashFraction(fromMPa p1: Double, toMPa p2: Double) -> Double {
        let hf1 = IF97.saturatedLiquidEnthalpy(pressureMPa: p1)
        let hf2 = IF97.saturatedLiquidEnthalpy(pressureMPa: p2)
        let hg2 = IF97.saturatedSteamEnthalpy(pressureMPa: p2)
        return max(0, (hf1 - hf2) / (hg2 - hf2))
    }

    /// Blowdown, t/h, for `steam` t/h raised with `returned` t/h of condensate in the feed and a ratio
    /// `r` of the make-up's dissolved solids to the boiler water's limit.
    static func blowdown(steam: Double, returned: Double, solidsRatio r: Double) -> Double {
        max(0, steam - returned) * r / (1 - r)
    }
}
