#!/usr/bin/env bash
# End-to-end checks of plants defined as data: a district-heating substation that plantwatch has
# no code for (Samples/substation.yaml, historian-named logs) through report, compare, replay (in
# tmux) and serve (/metrics); built-in site files exported and checked; bad site files refused
# with file:line:column and exit status 78.
set -uo pipefail
cd "$(dirname "$0")/../.."
pw=$(pwd)/${PLANTWATCH:-.build/debug/plantwatch}
tmp=$(mktemp -d)
sock="pw-sites-$$"
t() { tmux -L "$sock" "$@"; }
trap 't kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # name, command...
    local name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; head -5 "$tmp/err"; fi
}
fails_with() { # name, exit status, expected stderr text, command...
    local name=$1 code=$2 text=$3; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -eq "$code" ] && grep -qF -- "$text" "$tmp/err"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name (exit $rc)"; head -5 "$tmp/err"; fi
}
site=Samples/substation.yaml

# Built-in plants are site files: export, check, and the exported file drives report like --plant.
for p in catl humanwell moma; do
    check "export $p" bash -c "$pw site export $p > $tmp/$p.yaml"
    check "check $p" bash -c "$pw site check $tmp/$p.yaml | grep -q '^site     $p '"
done
check "exported site = built-in plant" bash -c "diff <($pw report --site $tmp/humanwell.yaml Samples/humanwell-baseline-2019.csv --format csv) <($pw report --plant humanwell Samples/humanwell-baseline-2019.csv --format csv)"

# The substation: no Swift code of its own.
check "site check" bash -c "$pw site check $site | grep -q 'tags     9: 2 rate, 2 totaliser, 4 process, 1 state (9 column aliases)'"
check "report on historian names" bash -c "$pw report --site $site Samples/substation-before.csv --every day --format json > $tmp/r.json && python3 -c \"
import json; d=json.load(open('$tmp/r.json'))
assert d['plant']=='substation-01' and len(d['rows'])==10, (d['plant'], len(d['rows']))
assert d['rejected']['rows']==0 and d['rejected']['cells']==0
k=d['total']['kpis']; assert 54.5 < k['return_temp'] < 56.5 and 100000 < k['heat_kwh'] < 112000, k
assert any(a['id']=='return-hot' for a in d['alarms'])
\""
check "compare savings" bash -c "$pw compare --site $site --before Samples/substation-before.csv --after Samples/substation-after.csv --format json > $tmp/c.json && python3 -c \"
import json; d=json.load(open('$tmp/c.json'))
s=d['savings']; assert d['plant']=='substation-01' and 0.03 < s['fraction'] < 0.08 and s.get('cost_cny') is None, s
\""
check "logs pick their site among several" bash -c "$pw report --site $site --site $tmp/moma.yaml Samples/substation-after.csv Samples/substation-before.csv --every all | head -1 | grep -q 'Substation 01'"
check "site init drafts a valid file" bash -c "$pw site init --from Samples/substation-before.csv --id draft -o $tmp/draft.yaml && $pw site check $tmp/draft.yaml | grep -q 'tags     9'"
check "tags shows columns" bash -c "$pw tags --site $site | grep -q 'return_temp .*SS01.TT-102.PV'"
check "modbus-map for a site" bash -c "$pw modbus-map --site $site | grep -q 'tag: heat_total'"

# Bad site files and misuse: one message naming file:line:column and the field; exit 78.
printf 'site:\n  id: a\n  utc_offset: "+01:00"\ntags:\n  - {id: t, unit: parsecs, kind: process}\n' > "$tmp/bad-unit.yaml"
fails_with "unknown unit" 78 "bad-unit.yaml:5:19: tags[0].unit: unknown unit 'parsecs'" $pw site check "$tmp/bad-unit.yaml"
sed 's/^  - id: pump_share/  - id: return_temp/' $site > "$tmp/dup.yaml"
fails_with "duplicate KPI" 78 "KPI id 'return_temp' is already used at line" $pw report --site "$tmp/dup.yaml" Samples/substation-before.csv
printf 'site: [\n' > "$tmp/bad.yaml"
fails_with "invalid YAML" 78 "bad.yaml:2:1: invalid YAML" $pw site check "$tmp/bad.yaml"
fails_with "live without a source" 64 "has no simulator, so \`live\` has nothing to show" $pw serve --site $site --no-journal
fails_with "another plant's log" 65 "is not plant moma's log: 1 of its 18 columns" $pw report --plant moma Samples/humanwell-baseline-2019.csv
fails_with "--plant and --site" 64 "give --plant or --site, not both" $pw report --plant moma --site $site Samples/substation-before.csv

# serve --follow on the substation: /metrics carries its KPIs under its own names.
port=$((20000 + RANDOM % 20000))
cp Samples/substation-before.csv "$tmp/follow.csv"
"$pw" serve --site $site --follow "$tmp/follow.csv" --no-journal --metrics-listen "$port" 2> "$tmp/serve.err" &
spid=$!
for _ in $(seq 1 50); do grep -q "serving /metrics" "$tmp/serve.err" 2>/dev/null && break; sleep 0.1; done
sleep 2
check "metrics served" python3 -c "import urllib.request; open('$tmp/metrics.txt','wb').write(urllib.request.urlopen('http://127.0.0.1:$port/metrics', timeout=5).read())"
check "substation KPIs in /metrics" grep -q '^plantwatch_return_temp_celsius{plant="substation-01",window="1h"}' "$tmp/metrics.txt"
check "substation tags in /metrics" grep -q '^plantwatch_tag_value{plant="substation-01",tag="heat_total",unit="kWh"}' "$tmp/metrics.txt"
check "promtool accepts them" bash -c "promtool check metrics < $tmp/metrics.txt"
kill -TERM $spid; wait $spid

# replay in tmux: two site files, two plants on one screen.
t -f /dev/null new-session -d -s e2e -x 120 -y 32 -e LANG=C.UTF-8 "bash --norc"
t send-keys -t e2e "cd $(pwd); $pw replay --site $site --site $tmp/moma.yaml Samples/substation-before.csv Samples/moma-retrofit-2019.csv --speed max; echo EXIT=\$? > $tmp/exit" Enter
ok=0
for _ in $(seq 1 100); do
    if t capture-pane -p -t e2e | grep -qF "Substation 01 (district heating)" && t capture-pane -p -t e2e | grep -qF "MOMA chiller plant"; then ok=1; break; fi
    sleep 0.1
done
if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: replay shows both plants"; t capture-pane -p -t e2e | head -30; fi
sleep 2
if t capture-pane -p -t e2e | grep -qE "return +.*°C"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: substation gauge"; t capture-pane -p -t e2e | head -30; fi
t send-keys -t e2e q
for _ in $(seq 1 50); do [ -f "$tmp/exit" ] && break; sleep 0.1; done
check "replay quits cleanly" grep -qx "EXIT=0" "$tmp/exit"

echo "e2e sites: $pass passed, $fail failed"
[ $fail -eq 0 ]
