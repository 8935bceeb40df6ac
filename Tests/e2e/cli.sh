#!/usr/bin/env bash
# End-to-end checks of the real binary: determinism, formats, and clear failures on bad input.
set -uo pipefail
cd "$(dirname "$0")/../.."
pw=${PLANTWATCH:-.build/debug/plantwatch}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # name, command...
    local name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; cat "$tmp/err" | head -5; fi
}
fails_with() { # name, expected stderr text, command...
    local name=$1 text=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -ne 0 ] && [ $rc -lt 128 ] && grep -qF -- "$text" "$tmp/err"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name (exit $rc)"; head -5 "$tmp/err"; fi
}

check "simulate twice" bash -c "$pw simulate --plant catl --scenario carbon-zero-2021 --start 2021-03-01 --days 1 --seed 9 -o $tmp/a.csv && $pw simulate --plant catl --scenario carbon-zero-2021 --start 2021-03-01 --days 1 --seed 9 > $tmp/b.csv"
check "byte-identical" cmp "$tmp/a.csv" "$tmp/b.csv"
check "1441 lines" bash -c "[ \$(wc -l < $tmp/a.csv) -eq 1441 ]"
check "long format header" bash -c "$pw simulate --plant moma --scenario legacy-2018 --start 2019-07-01 --days 0.1 --format long | head -1 | grep -qx 'timestamp,tag,value,quality'"
check "plants lists all three" bash -c "$pw plants | grep -c '^[a-z]* — ' | grep -qx 3"
check "tags has units" bash -c "$pw tags --plant humanwell | grep -q 'gas_flow  *m³/h  *rate'"
check "samples regenerate identically" bash -c "$pw simulate --plant moma --scenario retrofit-2019 --start 2019-07-08 --days 7 | cmp - Samples/moma-retrofit-2019.csv"
check "overview prints KPIs" bash -c "$pw overview | grep -q 'Gas per tonne of steam'"
fails_with "unknown plant" "unknown plant 'x'" $pw simulate --plant x --scenario s --start 2019-01-01 --days 1
fails_with "bad date" "is not an ISO 8601" $pw simulate --plant moma --scenario legacy-2018 --start 2019-02-30 --days 1
fails_with "bad fault" "unknown fault 'melt'" $pw simulate --plant moma --scenario legacy-2018 --start 2019-07-01 --days 1 --fault melt@2019-07-01
fails_with "missing option" "Missing expected argument" $pw simulate --plant moma
# check: clean logs pass; a 5 % steam-meter bias is found and named
check "check passes a clean log" $pw check Samples/humanwell-baseline-2019.csv
check "check passes a clean chiller log" $pw check Samples/moma-retrofit-2019.csv
check "check names a biased steam meter" bash -c "$pw simulate --plant humanwell --scenario baseline-2019 --start 2019-03-01 --days 20 --step 600 --fault meter-bias:steam_flow@2019-03-11 -o $tmp/bias.csv; $pw check $tmp/bias.csv > $tmp/c.txt; [ \$? -eq 1 ] && grep -q 'FAIL.*steam_flow' $tmp/c.txt"
# independent references: CoolProp (IAPWS-95) and psychrolib on the samples
peer=${PEER_PYTHON:-python3}
if "$peer" -c "import CoolProp, psychrolib" 2>/dev/null; then
    # The MOMA samples' meters carry seed 1's errors (the same for any scenario and date): the peer divides them out.
    export PW_METER_ERRORS="$($pw simulate --plant moma --scenario legacy-2018 --start 2019-07-08 --days 0.001 -o /dev/null 2>&1)"
    check "samples agree with CoolProp and psychrolib" "$peer" Tests/e2e/physics_peers.py Samples/humanwell-baseline-2019.csv Samples/humanwell-recovery-2021.csv Samples/moma-legacy-2018.csv Samples/moma-retrofit-2019.csv Samples/catl-carbon-zero-2021.csv
else
    echo "SKIP: physics peers (pip install CoolProp psychrolib)"
fi
# report
check "report json" bash -c "$pw report Samples/humanwell-baseline-2019.csv --every day --format json > $tmp/r.json && python3 -c \"
import json,sys; d=json.load(open('$tmp/r.json'))
assert d['plant']=='humanwell' and d['every']=='day' and len(d['rows'])==7, d.keys()
assert set(d['rows'][0]) >= {'start','end','kpis'} and 'gas_per_tonne_steam' in d['total']['kpis']
assert d['rejected']=={'rows':0,'cells':0,'reasons':{}}
assert all(set(a)=={'time','id','priority','message'} for a in d['alarms']) and any(a['id']=='gas-per-tonne-high' for a in d['alarms'])
\""
check "report csv has units" bash -c "$pw report Samples/moma-retrofit-2019.csv --format csv | head -1 | grep -q 'chiller_cop \[COP\]'"
check "report markdown" bash -c "$pw report Samples/catl-carbon-zero-2021.csv --every week --format markdown | grep -q '^| period'"
printf 'timestamp,steam_total,gas_total\n2019-01-07T00:00:00+08:00,1,90\n2019-01-07T00:01:00+08:00,x,181\n2019-01-07T00:02:00+08:00,3,272\n' > $tmp/bad.csv
# HTML: one self-contained page per report; every chart rendered by rsvg-convert and not blank.
check "simulate 40 days with fouling" $pw simulate --plant humanwell --scenario recovery-2021 --start 2019-03-01 --days 40 --fault boiler-fouling@2019-04-02 -o $tmp/foul.csv
check "report html" bash -c "$pw report $tmp/foul.csv --format html > $tmp/r.html && grep -q 'Drift: CUSUM' $tmp/r.html && grep -q 'Energy split' $tmp/r.html"
check "report html charts rendered" python3 Tests/e2e/html_rendered.py "$tmp/r.html" 5
check "compare html" bash -c "$pw compare --before Samples/moma-legacy-2018.csv --after Samples/moma-retrofit-2019.csv --format html > $tmp/c.html && grep -q '90 % prediction band' $tmp/c.html"
check "compare html charts rendered" python3 Tests/e2e/html_rendered.py "$tmp/c.html" 3
fails_with "strict exits 65" "bad.csv:3:2: non-numeric" $pw report $tmp/bad.csv --plant humanwell --strict
check "strict status is 65" bash -c "$pw report $tmp/bad.csv --plant humanwell --strict 2>/dev/null; [ \$? -eq 65 ]"
check "lenient reports and counts" bash -c "$pw report $tmp/bad.csv --plant humanwell --format json --rejects $tmp/rej.csv 2>$tmp/err.txt | grep -q '\"non-numeric\" : 1' && grep -q 'bad.csv:3:2: non-numeric' $tmp/err.txt && grep -q '\"non-numeric\"' $tmp/rej.csv"
fails_with "missing file" "nope.csv: No such file" $pw report $tmp/nope.csv
check "missing file exits 66" bash -c "$pw report $tmp/nope.csv 2>/dev/null; [ \$? -eq 66 ]"
# shifts, teams, handover, carbon ledger
check "report by shift labels shift and team" bash -c "$pw report Samples/humanwell-baseline-2019.csv --every shift --format csv --quiet | sed -n 2p | grep -q '^2019-01-07T00:00:00+08:00,2019-01-07T08:00:00+08:00,night,[A-D],'"
check "teams sum to the plant" bash -c "$pw report Samples/humanwell-baseline-2019.csv --by team --format json --quiet > $tmp/t.json && python3 -c \"
import json; d=json.load(open('$tmp/t.json')); t=d['teams']
assert len(t)==4 and abs(sum(x['share'] for x in t)-1)<1e-5
s=sum(x['kpis']['steam_t'] for x in t); assert abs(s-d['total']['kpis']['steam_t'])<1e-4*s, s
\""
check "report: monthly demand charge" bash -c "$pw report Samples/moma-legacy-2018.csv --format json --quiet --no-drift > $tmp/dm.json && python3 -c \"
import json; d = json.load(open('$tmp/dm.json'))['demand']; m = d['months'][0]
assert d['interval_minutes'] == 15 and m['month'] == '2019-07' and not m['complete'], d
assert abs(m['demand_charge_cny'] - 48 * m['max_kw']) < 0.01 and abs(m['bill_cny'] - m['demand_charge_cny'] - m['energy_cost_cny']) < 0.02, m
\" && $pw report Samples/moma-legacy-2018.csv --format html --quiet --no-drift | grep -q '<h2>Demand charges</h2>'"
check "compare: split and demand" bash -c "$pw compare --before Samples/moma-legacy-2018.csv --after Samples/moma-retrofit-2019.csv --format json > $tmp/cs.json && python3 -c \"
import json; d = json.load(open('$tmp/cs.json')); s = {p['name']: p for p in d['split']}
assert set(s) >= {'chillers', 'chilled-water pumps', 'condenser-water pumps', 'cooling towers', 'total'}, s
parts = sum(s[k]['after_kwh'] for k in ['chillers', 'chilled-water pumps', 'condenser-water pumps', 'cooling towers'])
# The sub-meters are class 1 (moma.yaml: accuracy 1 %) and read with their seeded errors: the parts
# sum to the plant meter within 1 %, and 'other' is that difference.
assert abs(parts - s['total']['after_kwh']) < 0.01 * s['total']['after_kwh'], s
other = [p for k, p in s.items() if k.startswith('other')][0]
assert abs(s['total']['after_kwh'] - parts - other['after_kwh']) < 1e-6 * s['total']['after_kwh'], (parts, other)
v = d['savings']; assert v['demand_after_kw'] < v['demand_before_kw'] and v['demand_cny'] > 0 and v['demand_partial'], v
\""
check "report html by shift names shift and team" bash -c "$pw report Samples/humanwell-baseline-2019.csv --every shift --from 2019-01-08 --to 2019-01-09 --format html --quiet > $tmp/s.html && grep -Eq '<tr><td>2019-01-08 08:00</td><td>morning</td><td>[A-D]</td>' $tmp/s.html && grep -q '<th>team</th>' $tmp/s.html"
check "report html by team" bash -c "$pw report Samples/humanwell-baseline-2019.csv --by team --format html --quiet > $tmp/team.html && grep -q '<th>KPI vs peers</th><th>A</th><th>B</th><th>C</th><th>D</th>' $tmp/team.html && grep -q '<td>shifts worked</td>' $tmp/team.html"
check "substation by its two teams" bash -c "$pw report --site Samples/substation.yaml Samples/substation-before.csv --by team --format csv --quiet | cut -d, -f1 | tr '\n' ' ' | grep -q '^team Red Blue plant'"
sed '/^shifts:/,/^    - \[Blue, Red\]/d' Samples/substation.yaml > $tmp/noshifts.yaml
fails_with "by team needs shifts" "has no shift calendar" $pw report --site $tmp/noshifts.yaml Samples/substation-before.csv --by team
check "handover html" bash -c "$pw handover Samples/humanwell-recovery-2021-faults.csv --shift 2019-01-12T10:00 --format html -o $tmp/h.html && grep -q '<h2>Alarms still open at the end of the shift</h2>' $tmp/h.html && grep -q 'gas-per-tonne-high' $tmp/h.html"
check "catl carbon ledger" bash -c "$pw report Samples/catl-carbon-zero-2021.csv --every all --format json --quiet | python3 -c \"
import json,sys; k=json.load(sys.stdin)['total']['kpis']
assert abs(k['co2e_net_t']-(k['co2e_scope1_t']+k['co2e_scope2_market_t']-k['offsets_t']))<1e-3, k
assert k['co2e_scope2_market_t'] < k['co2e_scope2_location_t'] and k['offsets_t'] > 0
\""
# serve: headless, Prometheus metrics valid for promtool, clean stop on SIGTERM
port=$((20000 + RANDOM % 20000))
"$pw" serve --plant moma --start 2019-07-16T12:00 --no-journal --metrics-listen "$port" 2> "$tmp/serve.err" &
spid=$!
for _ in $(seq 1 50); do grep -q "serving /metrics" "$tmp/serve.err" 2>/dev/null && break; sleep 0.1; done
check "metrics served" python3 -c "import urllib.request; open('$tmp/metrics.txt','wb').write(urllib.request.urlopen('http://127.0.0.1:$port/metrics', timeout=5).read())"
check "promtool accepts the metrics" bash -c "promtool check metrics < $tmp/metrics.txt"
check "KPIs with units in their names" grep -q '^plantwatch_chiller_cop_ratio{plant="moma",window="1h"}' "$tmp/metrics.txt"
check "alarm states by priority" grep -q '^plantwatch_alarms{plant="moma",priority="high",state="unack"}' "$tmp/metrics.txt"
check "data age" grep -q '^plantwatch_data_age_seconds{plant="moma"}' "$tmp/metrics.txt"
check "scope 2 in the metrics" bash -c "$pw serve --plant catl --start 2021-03-01 --no-journal --metrics-listen $((port + 1)) 2> $tmp/serve-catl.err & p=\$!; for _ in \$(seq 1 50); do grep -q 'serving /metrics' $tmp/serve-catl.err 2>/dev/null && break; sleep 0.1; done; sleep 1; python3 -c \"import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$((port + 1))/metrics', timeout=5).read().decode())\" > $tmp/m2.txt; kill -TERM \$p; wait \$p; grep -q '^plantwatch_co2e_scope2_market_t' $tmp/m2.txt && promtool check metrics < $tmp/m2.txt"
kill -TERM $spid; wait $spid; src=$?
check "serve all three plants: one /metrics" bash -c "$pw serve --no-journal --metrics-listen $((port + 2)) 2> $tmp/serve-all.err & p=\$!; for _ in \$(seq 1 100); do grep -q 'serving /metrics' $tmp/serve-all.err 2>/dev/null && break; sleep 0.1; done; sleep 1; python3 -c \"import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$((port + 2))/metrics', timeout=5).read().decode())\" > $tmp/m3.txt; kill -TERM \$p; wait \$p; for id in catl humanwell moma; do grep -q \"^plantwatch_energy_cost_cny{plant=.\$id.\" $tmp/m3.txt || exit 1; done; promtool check metrics < $tmp/m3.txt"
check "SIGTERM stops serve cleanly" bash -c "[ $src -eq 0 ] && grep -q stopped $tmp/serve.err"
fails_with "bad listen address" "--metrics-listen must be" $pw serve --plant moma --metrics-listen nope:port
# Live sources (issue 15). A 2 s stale rule makes silences show within seconds.
cat > "$tmp/stale.yaml" <<'YAML'
humanwell:
  alarms:
    - {id: gas-meter-stale, target: gas_total, kind: stale, limit: 2, priority: high, message: "gas meter silent for {value}"}
YAML
sample=Samples/humanwell-baseline-2019.csv
follow() { # log, stderr file, extra options...
    local log=$1 err=$2; shift 2
    "$pw" serve --follow "$log" --plant humanwell --config "$tmp/stale.yaml" "$@" 2>> "$err" &
    fpid=$!
}
# 1. A log with old timestamps (January 2019), followed and recorded; more rows come after a silence.
head -31 $sample > "$tmp/old.csv"
follow "$tmp/old.csv" "$tmp/f1.err" --journal "$tmp/f.jsonl" --record "$tmp/frec.csv"
sleep 4
sed -n 32,41p $sample >> "$tmp/old.csv"
sleep 4
kill -TERM $fpid; wait $fpid
cp "$tmp/frec.csv" "$tmp/frec-run1.csv"
# 2. Stopped and restarted on the same journal and recording: goes on after the last row.
sed -n 42,51p $sample >> "$tmp/old.csv"
follow "$tmp/old.csv" "$tmp/f2.err" --journal "$tmp/f.jsonl" --record "$tmp/frec.csv"
sleep 4
kill -TERM $fpid; wait $fpid
# 3. Killed with -9 and restarted: still each row once.
sed -n 52,61p $sample >> "$tmp/old.csv"
follow "$tmp/old.csv" "$tmp/f2k.err" --journal "$tmp/f.jsonl" --record "$tmp/frec.csv"
sleep 3.5
kill -9 $fpid; wait $fpid 2>/dev/null
sed -n 62,71p $sample >> "$tmp/old.csv"
follow "$tmp/old.csv" "$tmp/f2r.err" --journal "$tmp/f.jsonl" --record "$tmp/frec.csv"
sleep 4
kill -TERM $fpid; wait $fpid
check "restart resumes the followed log after its last row" grep -q "resumed $tmp/old.csv at line 42" "$tmp/f2.err"
check "restart after kill -9 resumes after its last row" grep -q "resumed $tmp/old.csv at line 62" "$tmp/f2r.err"
check "restart appends to the recording" grep -q "appending to $tmp/frec.csv after its last row at 2019-01-07T00:39:00+08:00" "$tmp/f2.err"
check "the old recording is kept whole" bash -c "head -c \$(stat -c %s $tmp/frec-run1.csv) $tmp/frec.csv | cmp - $tmp/frec-run1.csv"
check "log skew reported once, never as ages" bash -c "[ \$(grep -c 'message=log time is 7.9 years behind the host clock.*notice' $tmp/f1.err) -eq 1 ] && ! grep -q 'silent for [0-9.]* h' $tmp/f1.err $tmp/f2.err"
check "one clock, in time order, no row twice, no duplicate activation" python3 - "$tmp" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
events = [json.loads(l) for l in open(f"{tmp}/f.jsonl")]
times = [e["time"] for e in events]
log = [r[0] for r in list(csv.reader(open(f"{tmp}/old.csv")))[1:]]
rec = [r[0] for r in list(csv.reader(open(f"{tmp}/frec.csv")))[1:]]
assert rec == log, f"recording {len(rec)} rows, log {len(log)}: not each row once"
first, last = 1546790400, 1546790400 + (len(log) - 1) * 60          # the log's first and last rows
assert all(first <= t <= last + 60 for t in times), f"an event off the log's clock: {times}"
assert times == sorted(times), f"journal out of time order: {times}"
assert all(e["iso"].startswith("2019-01-07T") for e in events)
state = {}
for e in events:
    if e["event"] == "activate":
        assert not state.get(e["alarm"]), f"{e['alarm']} activated twice without clearing"
        state[e["alarm"]] = True
    elif e["event"] == "clear":
        state[e["alarm"]] = False
stale = [e for e in events if e["alarm"] == "gas-meter-stale" and e["event"] == "activate"]
assert len(log) == 70 and len(stale) == 5 and all(e["value"] < 10 for e in stale), stale      # one per silence, ages in seconds
assert sum(e["alarm"] == "source-clock" and e["event"] == "activate" for e in events) == 1
PY
# 4. An empty followed log: the stale alarm within a few seconds, naming the file.
: > "$tmp/empty.csv"
follow "$tmp/empty.csv" "$tmp/f3.err" --journal "$tmp/e.jsonl"
sleep 4
kill -TERM $fpid; wait $fpid
check "an empty followed log raises its stale alarm, naming it" grep -q "alarm=gas-meter-stale event=activate message=gas meter silent for [23] s — nothing since start from the followed log $tmp/empty.csv" "$tmp/f3.err"
# 5. A torn last journal line (kill -9) is cut off before the next event; write errors are logged.
printf '{"alarm":"gas-meter-st' >> "$tmp/e.jsonl"
follow "$tmp/empty.csv" "$tmp/f4.err" --journal "$tmp/e.jsonl"
sleep 4
kill -TERM $fpid; wait $fpid
check "torn journal line reported" grep -q "removed a half-written last line (22 bytes" "$tmp/f4.err"
check "journal reads back whole after the repair" bash -c "[ -z \"\$($pw alarms $tmp/e.jsonl 2>&1 >/dev/null)\" ] && [ \$(grep -c '\"event\":\"activate\"' $tmp/e.jsonl) -eq 2 ]"
follow "$tmp/empty.csv" "$tmp/f5.err" --journal /dev/full
sleep 4
kill -TERM $fpid; wait $fpid
check "journal write error logged" grep -q "cannot write to the alarm journal /dev/full: No space left on device" "$tmp/f5.err"
# A log that starts empty and then brings rows from 2019: the one switch of clocks is said.
: > "$tmp/late.csv"
follow "$tmp/late.csv" "$tmp/f8.err" --journal "$tmp/late.jsonl"
sleep 3.5
head -3 $sample >> "$tmp/late.csv"
sleep 2
kill -TERM $fpid; wait $fpid
check "an empty log's later old rows: the clock switch is said" bash -c "grep -q 'nothing since start' $tmp/late.jsonl && grep -q \"the first row put the plant on the log's clock; this run's earlier journal entries are on the host's\" $tmp/f8.err"
# 6. Recording onto a foreign file: refused, the file untouched; --record-new moves it aside.
printf 'date,meter reading\n2019-01-01,5\n' > "$tmp/foreign.csv"; cp "$tmp/foreign.csv" "$tmp/foreign.bak"
fails_with "recording onto a foreign file is refused" "foreign.csv:1: holds another log (header 'date,meter reading')" \
    $pw serve --follow "$tmp/old.csv" --plant humanwell --no-journal --record "$tmp/foreign.csv"
check "the foreign file is untouched" cmp "$tmp/foreign.csv" "$tmp/foreign.bak"
follow "$tmp/old.csv" "$tmp/f6.err" --no-journal --record "$tmp/foreign.csv" --record-new
sleep 2
kill -TERM $fpid; wait $fpid
check "--record-new moves the old file aside" bash -c "cmp $tmp/foreign-old-*Z.csv $tmp/foreign.bak && [ \$(wc -l < $tmp/foreign.csv) -eq 71 ]"
# 7. Daily rotation across midnight: each file replays alone, and both together.
(head -1 $sample; sed -n 1437,1447p $sample) > "$tmp/midnight.csv"
follow "$tmp/midnight.csv" "$tmp/f7.err" --no-journal --record "$tmp/day.csv" --record-rotate daily
sleep 2
kill -TERM $fpid; wait $fpid
check "daily rotation: the finished day under its date" bash -c "[ \$(wc -l < $tmp/day-2019-01-07.csv) -eq 6 ] && [ \$(wc -l < $tmp/day.csv) -eq 7 ]"
check "rotated files replay alone and together" bash -c "$pw report $tmp/day-2019-01-07.csv --plant humanwell --format json --no-drift | grep -q '\"rows\" : 0' && $pw report $tmp/day-2019-01-07.csv $tmp/day.csv --plant humanwell --format json --no-drift | grep -q '\"rows\" : 0'"
fails_with "bad rotation" "--record-rotate must be" $pw serve --plant humanwell --record "$tmp/x.csv" --record-rotate weekly
# serve drains on SIGTERM, even one that comes before its first tick: every row of the followed log
# goes through and is recorded, and each alarm transition is journaled and logged exactly once.
cp Samples/humanwell-recovery-2021-faults.csv "$tmp/followed.csv"
"$pw" serve --follow "$tmp/followed.csv" --plant humanwell --record "$tmp/served.csv" --journal "$tmp/served.jsonl" 2> "$tmp/serve2.err" &
spid=$!
for _ in $(seq 1 100); do grep -q "\] started" "$tmp/serve2.err" 2>/dev/null && break; sleep 0.1; done
kill -TERM $spid; wait $spid; src=$?
check "SIGTERM drains serve" bash -c "[ $src -eq 0 ] && grep -q '\] drained' $tmp/serve2.err && grep -q stopped $tmp/serve2.err"
check "the recording holds every row of the followed log" bash -c "[ \$(grep -c '^2' $tmp/served.csv) -eq \$(grep -c '^2' Samples/humanwell-recovery-2021-faults.csv) ]"
check "the recording reports as the log does" bash -c "diff <($pw report $tmp/served.csv --every all --format csv 2>/dev/null | cut -d, -f1-4) <($pw report Samples/humanwell-recovery-2021-faults.csv --every all --format csv 2>/dev/null | cut -d, -f1-4)"
check "each alarm transition journaled and logged once" bash -c "n=\$(grep -c '\] alarm\$' $tmp/serve2.err); [ \$n -gt 0 ] && [ \$n -eq \$(wc -l < $tmp/served.jsonl) ]"
echo "e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
