/// IAPWS-IF97 (IAPWS R7-97(2012)), the industrial formulation for water and steam:
/// region 1 (compressed liquid), region 2 (superheated steam) and region 4 (saturation).
/// Ported by hand because no maintained Swift package implements it; the coefficients are
/// the release's Tables 2, 10, 11 and 34, verified against its Tables 5, 15, 35 and 36.
enum IF97 {
    /// Specific gas constant of water, kJ/(kg·K).
    public static let R = 0.461526

    /// Thermodynamic state at (T, p). Units: T in K, p in MPa; v m³/kg, h u kJ/kg,
    /// s cp kJ/(kg·K), w m/s.
    struct State: Sendable, Equatable {
        public var v: Double, h: Double, u: Double, s: Double, cp: Double, w: Double
    }

    // MARK: Region 1

    static let r1I: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 8, 8, 21, 23, 29, 30, 31, 32]
    static let r1J: [Double] = [-2, -1, 0, 1, 2, 3, 4, 5, -9, -7, -1, 0, 1, 3, -3, 0, 1, 3, 17, -4, 0, 6, -5, -2, 10, -8, -11, -6, -29, -31, -38, -39, -40, -41]
    static let r1n: [Double] = [
        0.14632971213167, -0.84548187169114, -0.37563603672040e1, 0.33855169168385e1,
        -0.95791963387872, 0.15772038513228, -0.16616417199501e-1, 0.81214629983568e-3,
        0.28319080123804e-3, -0.60706301565874e-3, -0.18990068218419e-1, -0.32529748770505e-1,
        -0.21841717175414e-1, -0.52838357969930e-4, -0.47184321073267e-3, -0.30001780793026e-3,
        0.47661393906987e-4, -0.44141845330846e-5, -0.72694996297594e-15, -0.31679644845054e-4,
        -0.28270797985312e-5, -0.85205128120103e-9, -0.22425281908000e-5, -0.65171222895601e-6,
        -0.14341729937924e-12, -0.40516996860117e-6, -0.12734301741641e-8, -0.17424871230634e-9,
        -0.68762131295531e-18, 0.14478307828521e-19, 0.26335781662795e-22, -0.11947622640071e-22,
        0.18228094581404e-23, -0.93537087292458e-25,
    ]

    /// Region 1: compressed liquid, 273.15 K ≤ T ≤ 623.15 K, psat(T) ≤ p ≤ 100 MPa.
    static func region1(T: Double, p: Double) -> State {
        let pi = p / 16.53, tau = 1386 / T
        let a = 7.1 - pi, b = tau - 1.222
        var g = 0.0, gp = 0.0, gpp = 0.0, gt = 0.0, gtt = 0.0, gpt = 0.0
        for k in 0..<34 {
            let n = r1n[k], I = r1I[k], J = r1J[k]
            let aI = pow(a, I), bJ = pow(b, J)
            let aI1 = pow(a, I - 1), bJ1 = pow(b, J - 1)
            g += n * aI * bJ
            gp -= n * I * aI1 * bJ
            gpp += n * I * (I - 1) * pow(a, I - 2) * bJ
            gt += n * aI * J * bJ1
            gtt += n * aI * J * (J - 1) * pow(b, J - 2)
            gpt -= n * I * aI1 * J * bJ1
        }
        let RT = R * T
        let v = pi * gp * RT / (p * 1000)
        let h = tau * gt * RT
        let u = (tau * gt - pi * gp) * RT
        let s = (tau * gt - g) * R
        let cp = -tau * tau * gtt * R
        let w2 = 1000 * RT * gp * gp / ((gp - tau * gpt) * (gp - tau * gpt) / (tau * tau * gtt) - gpp)
        return State(v: v, h: h, u: u, s: s, cp: cp, w: w2.squareRoot())
    }

    // MARK: Region 2

    static let r2J0: [Double] = [0, 1, -5, -4, -3, -2, -1, 2, 3]
    static let r2n0: [Double] = [
        -0.96927686500217e1, 0.10086655968018e2, -0.56087911283020e-2, 0.71452738081455e-1,
        -0.40710498223928, 0.14240819171444e1, -0.43839511319450e1, -0.28408632460772,
        0.21268463753307e-1,
    ]
    static let r2I: [Double] = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 5, 6, 6, 6, 7, 7, 7, 8, 8, 9, 10, 10, 10, 16, 16, 18, 20, 20, 20, 21, 22, 23, 24, 24, 24]
    static let r2J: [Double] = [0, 1, 2, 3, 6, 1, 2, 4, 7, 36, 0, 1, 3, 6, 35, 1, 2, 3, 7, 3, 16, 35, 0, 11, 25, 8, 36, 13, 4, 10, 14, 29, 50, 57, 20, 35, 48, 21, 53, 39, 26, 40, 58]
    static let r2n: [Double] = [
        -0.17731742473213e-2, -0.17834862292358e-1, -0.45996013696365e-1, -0.57581259083432e-1,
        -0.50325278727930e-1, -0.33032641670203e-4, -0.18948987516315e-3, -0.39392777243355e-2,
        -0.43797295650573e-1, -0.26674547914087e-4, 0.20481737692309e-7, 0.43870667284435e-6,
        -0.32277677238570e-4, -0.15033924542148e-2, -0.40668253562649e-1, -0.78847309559367e-9,
        0.12790717852285e-7, 0.48225372718507e-6, 0.22922076337661e-5, -0.16714766451061e-10,
        -0.21171472321355e-2, -0.23895741934104e2, -0.59059564324270e-17, -0.12621808899101e-5,
        -0.38946842435739e-1, 0.11256211360459e-10, -0.82311340897998e1, 0.19809712802088e-7,
        0.10406965210174e-18, -0.10234747095929e-12, -0.10018179379511e-8, -0.80882908646985e-10,
        0.10693031879409, -0.33662250574171, 0.89185845355421e-24, 0.30629316876232e-12,
        -0.42002467698208e-5, -0.59056029685639e-25, 0.37826947613457e-5, -0.12768608934681e-14,
        0.73087610595061e-28, 0.55414715350778e-16, -0.94369707241210e-6,
    ]

    /// Region 2: superheated steam, 273.15 K ≤ T ≤ 1073.15 K, 0 < p ≤ psat(T) (and the 2–3 boundary).
    static func region2(T: Double, p: Double) -> State {
        let pi = p, tau = 540 / T, b = tau - 0.5
        var g0 = log(pi), g0t = 0.0, g0tt = 0.0
        for k in 0..<9 {
            let n = r2n0[k], J = r2J0[k]
            g0 += n * pow(tau, J)
            g0t += n * J * pow(tau, J - 1)
            g0tt += n * J * (J - 1) * pow(tau, J - 2)
        }
        let g0p = 1 / pi, g0pp = -1 / (pi * pi)
        var gr = 0.0, grp = 0.0, grpp = 0.0, grt = 0.0, grtt = 0.0, grpt = 0.0
        for k in 0..<43 {
            let n = r2n[k], I = r2I[k], J = r2J[k]
            let pI = pow(pi, I), pI1 = pow(pi, I - 1)
            let bJ = pow(b, J), bJ1 = pow(b, J - 1)
            gr += n * pI * bJ
            grp += n * I * pI1 * bJ
            grpp += n * I * (I - 1) * pow(pi, I - 2) * bJ
            grt += n * pI * J * bJ1
            grtt += n * pI * J * (J - 1) * pow(b, J - 2)
            grpt += n * I * pI1 * J * bJ1
        }
        let RT = R * T
        let v = pi * (g0p + grp) * RT / (p * 1000)
        let h = tau * (g0t + grt) * RT
        let u = (tau * (g0t + grt) - pi * (g0p + grp)) * RT
        let s = (tau * (g0t + grt) - (g0 + gr)) * R
        let cp = -tau * tau * (g0tt + grtt) * R
        let num = 1 + 2 * pi * grp + pi * pi * grp * grp
        let x = 1 + pi * grp - tau * pi * grpt
        let den = (1 - pi * pi * grpp) + x * x / (tau * tau * (g0tt + grtt))
        _ = g0pp
        return State(v: v, h: h, u: u, s: s, cp: cp, w: (1000 * RT * num / den).squareRoot())
    }

    // MARK: Region 4

    static let r4n: [Double] = [
        0.11670521452767e4, -0.72421316703206e6, -0.17073846940092e2, 0.12020824702470e5,
        -0.32325550322333e7, 0.14915108613530e2, -0.48232657361591e4, 0.40511340542057e6,
        -0.23855557567849, 0.65017534844798e3,
    ]

    /// Saturation pressure, MPa, for 273.15 K ≤ T ≤ 647.096 K.
    static func saturationPressure(T: Double) -> Double {
        let n = r4n
        let th = T + n[8] / (T - n[9])
        let A = th * th + n[0] * th + n[1]
        let B = n[2] * th * th + n[3] * th + n[4]
        let C = n[5] * th * th + n[6] * th + n[7]
        let x = 2 * C / (-B + (B * B - 4 * A * C).squareRoot())
        return x * x * x * x
    }

    /// Saturation temperature, K, for 611.213 Pa ≤ p ≤ 22.064 MPa.
    static func saturationTemperature(p: Double) -> Double {
        let n = r4n
        let be = pow(p, 0.25)
        let E = be * be + n[2] * be + n[5]
        let F = n[0] * be * be + n[3] * be + n[6]
        let G = n[1] * be * be + n[4] * be + n[7]
        let D = 2 * G / (-F - (F * F - 4 * E * G).squareRoot())
        return (n[9] + D - ((n[9] + D) * (n[9] + D) - 4 * (n[8] + n[9] * D)).squareRoot()) / 2
    }

    // MARK: Engineering shortcuts, °C and MPa(abs)

    /// Enthalpy of saturated steam at a pressure, kJ/kg.
    static func saturatedSteamEnthalpy(pressureMPa p: Double) -> Double {
        region2(T: saturationTemperature(p: p), p: p).h
    }

    /// Enthalpy of saturated liquid at a pressure, kJ/kg.
    static func saturatedLiquidEnthalpy(pressureMPa p: Double) -> Double {
        region1(T: saturationTemperature(p: p), p: p).h
    }

    /// Enthalpy of (sub-cooled) water at °C and MPa(abs), kJ/kg.
    static func waterEnthalpy(celsius t: Double, pressureMPa p: Double) -> Double {
        region1(T: t + 273.15, p: p).h
    }
}
