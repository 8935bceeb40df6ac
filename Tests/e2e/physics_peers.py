#!/usr/bin/env python3
"""Checks simulated logs against independent references: CoolProp (IAPWS-95 water, IF97 saturation)
and psychrolib (ASHRAE psychrometrics). Usage: physics_peers.py humanwell.csv... moma.csv... catl.csv...
Exits 1 with the failing check on stderr. pip install CoolProp psychrolib."""
import csv, sys
import CoolProp.CoolProp as CP
import psychrolib

psychrolib.SetUnitSystem(psychrolib.SI)
LHV = 35.544  # MJ/m³, the plant's accounting factor
fail = []

def rows(path):
    with open(path) as f:
        r = csv.reader(f)
        head = [h.split(" [")[0] for h in next(r)]
        for line in r:
            yield {k: (float(v) if v not in ("", "NaN") else None) for k, v in zip(head[1:], line[1:])}

class BoilerBalance:
    """Direct efficiency (steam and gas meters) against Siegert's stack loss and the blowdown charged at
    h_f − h_fw, summed over a log: what is left is the shell loss, compared with the model's."""
    def __init__(self):
        self.fuel = self.useful = self.bd = self.stack = self.shell = 0.0
        self.worst_flue = 1e9

    def add(self, v, feed, shell_loss):
        p = (v["steam_pressure"] + 0.101325) * 1e6
        tsat = CP.PropsSI("T", "P", p, "Q", 0, "Water") - 273.15
        self.worst_flue = min(self.worst_flue, v["flue_gas_temp"] - tsat)
        hg = CP.PropsSI("H", "P", p, "Q", 1, "Water") / 1000
        hf = CP.PropsSI("H", "P", p, "Q", 0, "Water") / 1000
        hfw = CP.PropsSI("H", "P", p + 0.1e6, "T", v["feedwater_temp"] + 273.15, "Water") / 1000
        f = v["gas_flow"] * LHV
        q = (v["flue_gas_temp"] - v["outdoor_temp"]) * (0.66 / (21 - v["flue_o2"]) + 0.009) / 100
        self.fuel += f; self.useful += v["steam_flow"] * (hg - hfw); self.bd += max(0, feed - v["steam_flow"]) * (hf - hfw)
        self.stack += q * f; self.shell += shell_loss * f

    def check(self, path):
        residual = 1 - (self.useful + self.bd + self.stack) / self.fuel
        expected = self.shell / self.fuel
        if self.worst_flue < 15: fail.append(f"{path}: flue only {self.worst_flue:.1f} K above saturation")
        if abs(residual - expected) > 0.005: fail.append(f"{path}: boiler balance leaves {residual:.4f}, model shell loss {expected:.4f}")
        return f"flue ≥ T_sat + {self.worst_flue:.1f} K; shell loss left by the balance {100 * residual:.2f} % (model {100 * expected:.2f} %)"

def humanwell(path):
    b = BoilerBalance()
    for v in rows(path):
        if None in (v["steam_flow"], v["gas_flow"], v["makeup_flow"], v["feedwater_temp"], v["flue_gas_temp"]) or v["steam_flow"] < 0.2:
            continue
        b.add(v, v["makeup_flow"], 0.015 / max(v["steam_flow"] / 10, 0.1))
    print(f"{path}: {b.check(path)}")

def moma(path):
    qm = qw = 0.0
    worst_wb = worst_app = 0.0
    worst_app = 1e9
    worst_carnot = 0.0
    for v in rows(path):
        wb = psychrolib.GetTWetBulbFromRelHum(v["outdoor_temp"], min(v["outdoor_rh"], 100) / 100, 101325)
        worst_wb = max(worst_wb, abs(wb - v["wet_bulb"]))
        if (v["cooling_power"] or 0) < 50 or not v["chillers_power"]:
            continue
        for tag in ("chw_flow", "cooling_power", "chillers_power"):
            v[tag] = true(v, tag)
        worst_app = min(worst_app, v["cw_supply_temp"] - wb)
        t = (v["chw_supply_temp"] + v["chw_return_temp"]) / 2 + 273.15
        rcp = CP.PropsSI("D", "T", t, "P", 101325, "Water") * CP.PropsSI("C", "T", t, "P", 101325, "Water") / 3.6e6
        qw += v["chw_flow"] * rcp * (v["chw_return_temp"] - v["chw_supply_temp"]); qm += v["cooling_power"]
        te, tc = v["chw_supply_temp"] - 1 + 273.15, v["cw_return_temp"] + 1 + 273.15
        worst_carnot = max(worst_carnot, v["cooling_power"] / v["chillers_power"] / (te / (tc - te)))
    print(f"{path}: wet-bulb vs psychrolib within {worst_wb:.2f} K; approach ≥ {worst_app:.2f} K; BTU closure {100 * (qw / qm - 1):+.2f} %; COP ≤ {worst_carnot:.3f} of Carnot")
    # Stull (2011), which the simulator uses, is within −1 … +0.65 K of the exact wet-bulb.
    if worst_wb > 1.0: fail.append(f"{path}: logged wet-bulb off psychrolib's by {worst_wb:.2f} K")
    if worst_app < 0.8: fail.append(f"{path}: tower approach {worst_app:.2f} K")
    if abs(qw / qm - 1) > 0.01: fail.append(f"{path}: BTU closure {qw / qm - 1:+.4f}")
    if worst_carnot > 0.65 * 1.0425: fail.append(f"{path}: COP {worst_carnot:.3f} of Carnot")

def catl(path):
    """CATL: the boiler balance (as Humanwell's, shell loss per boiler on line), flue above saturation,
    condensate no hotter than the vented receiver's saturation, chillers ≤ 0.65 × Carnot, tower approach,
    and the electricity meters against the sum of the loads."""
    b = BoilerBalance()
    worst_app = 1e9
    worst_carnot, worst_return = 0.0, -1e9
    meters = loads = 0.0
    t_recv = CP.PropsSI("T", "P", 101325, "Q", 0, "IF97::Water") - 273.15
    for v in rows(path):
        if None in (v["steam_flow"], v["gas_flow"], v["feedwater_flow"], v["feedwater_temp"], v["flue_gas_temp"], v["boilers_running"]):
            continue
        b.add(v, v["feedwater_flow"], 0.01 / max(v["steam_flow"] / (35 * v["boilers_running"]), 0.1))
        if v["condensate_flow"] and v["condensate_flow"] > 1:
            worst_return = max(worst_return, v["condensate_temp"] - t_recv)
        wb = psychrolib.GetTWetBulbFromRelHum(v["outdoor_temp"], min(v["outdoor_rh"], 100) / 100, 101325)
        worst_app = min(worst_app, v["cw_supply_temp"] - wb)
        te, tc = v["chw_supply_temp"] - 1 + 273.15, v["cw_return_temp"] + 1 + 273.15
        worst_carnot = max(worst_carnot, v["cooling_load"] / v["chillers_power"] / (te / (tc - te)))
        meters += v["elec_hydro_power"] + v["elec_grid_power"]
        loads += v["process_power"] + v["aux_power"] + v["coating_power"] + v["utility_power"]
    print(f"{path}: {b.check(path)}; condensate ≤ T_sat(1 atm) {worst_return:+.2f} K; COP ≤ {worst_carnot:.3f} of Carnot; "
          f"approach ≥ {worst_app:.2f} K; meters vs loads {100 * (meters / loads - 1):+.3f} %")
    if worst_return > 1.0: fail.append(f"{path}: condensate {worst_return:.2f} K above the receiver's saturation")
    if worst_carnot > 0.65 * 1.0425: fail.append(f"{path}: COP {worst_carnot:.3f} of Carnot")
    if worst_app < 0.8: fail.append(f"{path}: tower approach {worst_app:.2f} K")
    if abs(meters / loads - 1) > 0.002: fail.append(f"{path}: electricity meters {meters / loads - 1:+.4f} off the loads")

# Meters read with the seeded calibration errors `plantwatch simulate` lists on stderr ("meter errors
# chw_flow -1.94 %, ..."), given here as PW_METER_ERRORS: the physics is checked on the true values
# behind them (each reading divided by 1 + its error), so a 1 % closure still means 1 %.
import os, re
ERRORS = {m.group(1): float(m.group(2)) / 100 for m in re.finditer(r"(\w+) ([+-][0-9.]+) %", os.environ.get("PW_METER_ERRORS", ""))}
def true(v, tag):
    return v[tag] / (1 + ERRORS.get(tag, 0.0)) if v[tag] is not None else None

for path in sys.argv[1:]:
    (humanwell if "humanwell" in path else catl if "catl" in path else moma)(path)
for f in fail: print("FAIL:", f, file=sys.stderr)
sys.exit(1 if fail else 0)
