#!/usr/bin/env bash
# `report --every day` against DuckDB and pandas computing per-day aggregates of every column of
# the same wide CSV (a simulated year of CATL at a 60 s step: 27 tags, ~101 MB), and a two-year file
# to show that memory stays flat. Peers come from PyPI into a throwaway virtual environment.
# Prints wall time (best of 5) and peak RSS for each.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
swift build -c release >/dev/null
pw=.build/release/plantwatch
# The shipped binary: Swift's runtime linked in statically (one file to copy to a jump host;
# no dynamic relocation of libFoundation and friends at start, 5 MB less resident).
swift build -c release --static-swift-stdlib --scratch-path .build-static >/dev/null
pws=.build-static/release/plantwatch
[ -f "$work/year.csv" ] || $pw simulate --plant catl --scenario carbon-zero-2021 --start 2021-01-01 --days 365 -o "$work/year.csv"
[ -f "$work/two-years.csv" ] || $pw simulate --plant catl --scenario carbon-zero-2021 --start 2021-01-01 --days 730 -o "$work/two-years.csv"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q duckdb pandas
fi
best() { # label, command...: best wall time and its peak RSS over 5 runs
    local label=$1; shift
    local best_t=999 best_m=0
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
        read -r t m < "$work/t"
        if awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
    done
    printf '%-34s %6.2f s  %7.1f MB\n' "$label" "$best_t" "$(awk "BEGIN{print $best_m/1024}")"
}
echo "file: $(du -m "$work/year.csv" | cut -f1) MB, $(wc -l < "$work/year.csv") lines; $(nproc) cores"
best "plantwatch report --every day" $pws report "$work/year.csv" --every day
best "  same, dynamically linked build" $pw report "$work/year.csv" --every day
best "duckdb (threads=2)" "$work/venv/bin/python" Scripts/bench_peers.py duckdb "$work/year.csv"
best "pandas read_csv + resample" "$work/venv/bin/python" Scripts/bench_peers.py pandas "$work/year.csv"
best "plantwatch report, two years" $pws report "$work/two-years.csv" --every day
best "  same, dynamically linked build" $pw report "$work/two-years.csv" --every day
best "wc -l (reading speed bound)" wc -l "$work/year.csv"
