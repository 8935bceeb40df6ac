#!/usr/bin/env bash
# plantwatch against a Modbus TCP peer on loopback (Tests/e2e/modbus_peer.py): the readings it serves
# from a recorded log give the same KPIs as `report` on that log; a peer that dies raises the stale
# alarm and is reconnected to when it returns; malformed answers are reported, never hang anything.
set -uo pipefail
cd "$(dirname "$0")/../.."
pw=$(pwd)/${PLANTWATCH:-.build/debug/plantwatch}
tmp=$(mktemp -d)
peer_pid=""
trap '[ -n "$peer_pid" ] && kill $peer_pid 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
port=$((21000 + RANDOM % 20000))

"$pw" modbus-map --plant humanwell | sed 's/poll: .*/poll: 0.2/' > "$tmp/map.yaml"
head -121 Samples/humanwell-baseline-2019.csv > "$tmp/source.csv"
cat > "$tmp/alarms.yaml" <<'YAML'
humanwell:
  alarms:
    - {id: gas-meter-stale, target: gas_total, kind: stale, limit: 2, priority: high, message: "gas meter silent for {value}"}
YAML
peer() { python3 Tests/e2e/modbus_peer.py "$port" "$tmp/map.yaml" "$tmp/source.csv" "$1" > "$tmp/peer.log" 2>&1 & peer_pid=$!; sleep 0.5; }
serve() { exec "$pw" serve --modbus "127.0.0.1:$port" --map "$tmp/map.yaml" --plant humanwell --no-journal --config "$tmp/alarms.yaml" "$@"; }

# 1. Good peer: record, then compare KPIs with report on the same rows of the source log.
peer good
serve --record "$tmp/rec.csv" 2> "$tmp/serve1.err" & spid=$!
sleep 4
# 2. Kill the peer: the stale alarm raises; bring it back: the recording goes on.
kill $peer_pid; wait $peer_pid 2>/dev/null; peer_pid=""
sleep 4
before=$(wc -l < "$tmp/rec.csv")
peer good
sleep 9   # the reconnect backoff has grown to a few seconds by now
kill -TERM $spid; wait $spid; rc=$?
after=$(wc -l < "$tmp/rec.csv")
[ $rc -eq 0 ] && ok || bad "serve exit status $rc"
grep -q 'alarm=gas-meter-stale' "$tmp/serve1.err" && ok || bad "no stale alarm while the peer was down"
grep -q 'state=modbus' "$tmp/serve1.err" && ok || bad "the outage was not logged"
[ "$after" -gt "$before" ] && ok || bad "no readings after the peer came back ($before → $after lines)"
rows=$(( $(wc -l < "$tmp/rec.csv") - 1 ))
# The peer serves source rows 1..k in order (a row per poll); the recording holds what arrived.
head -1 "$tmp/source.csv" > "$tmp/served.csv"
first=$(python3 -c "
import csv
rec=[r for r in csv.reader(open('$tmp/rec.csv'))][1:]
src=[r for r in csv.reader(open('$tmp/source.csv'))]
h=[x.split(' [')[0] for x in src[0]]; g=h.index('gas_total')
vals=[r[g] for r in src[1:]]
print(vals.index(rec[0][g]) if rec[0][g] in vals else -1)")
[ "$first" -ge 0 ] && ok || bad "recorded gas register is not a value of the source log"
kpi() { "$pw" report "$1" --plant humanwell --every all --format json --no-drift 2>/dev/null | python3 -c "import json,sys; print(round(json.load(sys.stdin)['total']['kpis']['gas_per_tonne_steam'], 6))"; }
# Compare over the first run's uninterrupted stretch: rows up to the outage.
python3 - "$tmp" <<'PY'
import csv, sys
tmp = sys.argv[1]
rec = list(csv.reader(open(f"{tmp}/rec.csv")))
src = list(csv.reader(open(f"{tmp}/source.csv")))
h = [x.split(" [")[0] for x in src[0]]
g, s = h.index("gas_total"), h.index("steam_total")
start = next(i for i, r in enumerate(src) if r[g] == rec[1][g])
n = 5
def ratio(rows): return (float(rows[n][g]) - float(rows[0][g])) / (float(rows[n][s]) - float(rows[0][s]))
a, b = ratio(rec[1:]), ratio(src[start:])
print("modbus", a, "log", b)
sys.exit(0 if abs(a - b) < 1e-9 else 1)
PY
[ $? -eq 0 ] && ok || bad "gas per tonne over the Modbus readings differs from the log's"
kill $peer_pid 2>/dev/null; wait $peer_pid 2>/dev/null; peer_pid=""

# 3. Misbehaving peers: reported, no hang, clean stop.
for mode in wrong-transaction wrong-length exception silent; do
    peer $mode
    serve 2> "$tmp/$mode.err" & spid=$!
    sleep 3.5
    start=$(date +%s%N)
    kill -TERM $spid; wait $spid; rc=$?
    took=$(( ($(date +%s%N) - start) / 1000000 ))
    case $mode in
        wrong-transaction) want="transaction id" ;;
        wrong-length) want="MBAP length" ;;
        exception) want="illegal data address" ;;
        silent) want="no answer within" ;;
    esac
    if [ $rc -eq 0 ] && [ $took -lt 3000 ] && grep -q "$want" "$tmp/$mode.err"; then ok; else bad "$mode: rc=$rc, stop took ${took} ms, '$want' logged: $(grep -c "$want" "$tmp/$mode.err")"; fi
    kill $peer_pid 2>/dev/null; wait $peer_pid 2>/dev/null; peer_pid=""
done

echo "modbus e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
