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
kill -TERM $spid; wait $spid; src=$?
check "SIGTERM stops serve cleanly" bash -c "[ $src -eq 0 ] && grep -q stopped $tmp/serve.err"
fails_with "bad listen address" "--metrics-listen must be" $pw serve --plant moma --metrics-listen nope:port
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
