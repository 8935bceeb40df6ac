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
echo "e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
