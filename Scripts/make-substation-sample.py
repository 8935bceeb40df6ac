#!/usr/bin/env python3
"""Writes Samples/substation-before.csv and Samples/substation-after.csv: ten days each of a
district-heating substation (a plant plantwatch has no Swift code for; Samples/substation.yaml
describes it), logged every 60 s under a historian's tag names.

The physics is deliberately plain and self-consistent, so that the site file's KPIs have known
answers: heat demand = UA·(18 °C − outdoor) + hot-water load; primary supply on an outdoor reset
curve; primary flow = heat ÷ (ρ·cp·ΔT); pump power from the cube law of a variable-speed pump.
"Before" runs an unbalanced secondary (primary return ≈ 55 °C); "after" a balanced one with
weather compensation trimmed (return ≈ 45 °C, ≈ 6 % less heat). Run: python3 Scripts/make-substation-sample.py
"""
import math, random
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=1))
RHO_CP = 4.18 * 983 / 3600   # kWh per m³·K at ~60 °C (ρ 983 kg/m³, cp 4.18 kJ/kg·K)

def run(path, start, days, balanced, seed):
    rng = random.Random(seed)
    heat_total, pump_total = 1_250_000.0, 48_000.0
    synoptic = 0.0
    with open(path, "w") as f:
        f.write("timestamp,SS01.TT-001.PV [degC],SS01.TT-101.PV [degC],SS01.TT-102.PV [degC],SS01.FT-101.PV [m3/h],"
                "SS01.EQ-101.HEAT [kWh],SS01.JT-201.PWR [kW],SS01.EQ-201.ELEC [kWh],SS01.TT-201.PV [degC],SS01.P-201.RUN\n")
        t = start
        for i in range(int(days * 1440)):
            h = t.hour + t.minute / 60
            if i % 60 == 0:
                synoptic = 0.9 * synoptic + rng.gauss(0, 0.8)
            outdoor = -1 + 4 * math.sin((h - 9) / 24 * 2 * math.pi) + synoptic + rng.gauss(0, 0.05)
            dhw = 40 + (60 if 6 <= h < 9 or 18 <= h < 22 else 0)
            ua = 19.0 if balanced else 20.2                        # kW/K: trimmed compensation after
            heat = max(0.0, ua * (18 - outdoor)) + dhw + rng.gauss(0, 4)
            supply = min(110, max(70, 70 + (15 - outdoor) * 1.5))
            ret = (45 if balanced else 55) + 0.1 * (supply - 90) + rng.gauss(0, 0.15)
            flow = heat / (RHO_CP * (supply - ret))
            pump = 0.4 + 2.2 * (flow / 20) ** 3                     # kW, VSD cube law
            heat_total += heat / 60
            pump_total += pump / 60
            sec_supply = 45 + (15 - outdoor) * 0.8 + rng.gauss(0, 0.1)
            f.write(f"{t.isoformat()},{outdoor:.1f},{supply + rng.gauss(0, 0.05):.2f},{ret:.2f},{flow:.2f},"
                    f"{heat_total:.1f},{pump:.2f},{pump_total:.2f},{sec_supply:.1f},1\n")
            t += timedelta(minutes=1)

run("Samples/substation-before.csv", datetime(2024, 1, 8, tzinfo=TZ), 10, False, 1)
run("Samples/substation-after.csv", datetime(2025, 1, 13, tzinfo=TZ), 10, True, 2)
