#!/usr/bin/env bash
# Times `simulate` for a year of each plant at a 60 s step in a release build (wall time, peak RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for spec in "humanwell baseline-2019 2019-01-01" "moma retrofit-2019 2019-01-01" "catl carbon-zero-2021 2021-01-01"; do
    set -- $spec
    for run in 1 2 3; do
        /usr/bin/time -f "$1: %e s, peak RSS %M KB" .build/release/plantwatch simulate --plant $1 --scenario $2 --start $3 --days 365 -o "$out/$1.csv"
    done
    echo "$1: $(wc -c < "$out/$1.csv") bytes, $(wc -l < "$out/$1.csv") lines"
done
