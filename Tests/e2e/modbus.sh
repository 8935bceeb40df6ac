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
# The well-behaved peer is pymodbus's server (PEER_PYTHON: a Python with pymodbus 3.6 and PyYAML,
# as .ci/run sets up); the misbehaving ones are hand-written (modbus_peer.py), since no library
# server can be told to break the protocol.
pypeer=${PEER_PYTHON:-python3}
peer() {
    if [ "$1" = good ]; then
        "$pypeer" Tests/e2e/pymodbus_peer.py "$port" "$tmp/map.yaml" "$tmp/source.csv" > "$tmp/peer.log" 2>&1 & peer_pid=$!
        for _ in $(seq 1 50); do grep -q listening "$tmp/peer.log" 2>/dev/null && break; sleep 0.1; done
    else
        python3 Tests/e2e/modbus_peer.py "$port" "$tmp/map.yaml" "$tmp/source.csv" "$1" > "$tmp/peer.log" 2>&1 & peer_pid=$!
        sleep 0.5
    fi
}
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
# Every recorded row is a row of the log, decoded exactly; and the KPI `report` computes over the
# recording equals the one over the same rows of the log.
# (Up to the outage: the restarted peer replays the log from its start, which to a meter reader
# looks like a register reset.)
python3 - "$tmp" <<'PY'
import csv, sys
tmp = sys.argv[1]
rows = list(csv.reader(open(f"{tmp}/rec.csv")))
g = [x.split(" [")[0] for x in rows[0]].index("gas_total")
cut = next((i for i in range(2, len(rows)) if float(rows[i][g]) < float(rows[i - 1][g])), len(rows))
csv.writer(open(f"{tmp}/rec-before.csv", "w", newline="")).writerows(rows[:cut])
PY
"$pw" report "$tmp/rec-before.csv" --plant humanwell --every all --format json --no-drift > "$tmp/rec.json" 2>/dev/null
python3 - "$tmp" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
rec = list(csv.reader(open(f"{tmp}/rec-before.csv")))
src = list(csv.reader(open(f"{tmp}/source.csv")))
h = [x.split(" [")[0] for x in src[0]]
g, s = h.index("gas_total"), h.index("steam_total")
by_gas = {r[g]: r for r in src[1:]}
matched = [by_gas.get(r[g]) for r in rec[1:]]
assert all(m is not None and m[s] == r[s] for m, r in zip(matched, rec[1:])), "a recorded row is not a row of the log"
expected = (float(matched[-1][g]) - float(matched[0][g])) / (float(matched[-1][s]) - float(matched[0][s]))
got = json.load(open(f"{tmp}/rec.json"))["total"]["kpis"]["gas_per_tonne_steam"]
print("gas per tonne: modbus", got, "log", expected)
sys.exit(0 if abs(got - expected) < 1e-6 * expected else 1)
PY
[ $? -eq 0 ] && ok || bad "the Modbus readings do not reproduce the log's KPIs"
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
    # A device that never answers (issue 15): its stale alarm within a few poll intervals of the
    # start (the 2 s rule), saying that nothing came and from where.
    if [ $mode = silent ]; then
        grep -q "alarm=gas-meter-stale event=activate message=gas meter silent for [23] s — nothing since start from the Modbus device 127.0.0.1:$port" "$tmp/$mode.err" \
            && ok || bad "no stale alarm naming the silent device: $(grep alarm= "$tmp/$mode.err" | head -2)"
    fi
    kill $peer_pid 2>/dev/null; wait $peer_pid 2>/dev/null; peer_pid=""
done

# 4. Nobody listening at all: the same alarm, and the connection error in the log.
serve 2> "$tmp/none.err" & spid=$!
sleep 3.5
kill -TERM $spid; wait $spid
grep -q "nothing since start from the Modbus device 127.0.0.1:$port" "$tmp/none.err" && grep -q 'state=modbus 127.0.0.1' "$tmp/none.err" \
    && ok || bad "no peer: $(grep -E 'alarm=|state=' "$tmp/none.err" | head -3)"

echo "modbus e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
