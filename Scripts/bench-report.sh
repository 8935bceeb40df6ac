#!/usr/bin/env bash
# `report --every day` (KPIs per day, every alarm rule at every row, daily drift detection) against
# DuckDB and pandas computing per-day aggregates of every column of the same wide CSV: a simulated
# year at a 60 s step of each built-in plant, a year of CATL at 15 min, and two years of CATL at
# 60 s to show that memory stays flat. Peers come from PyPI into a throwaway virtual environment.
# Prints one table: wall time (best of 5) and peak RSS of each, side by side.
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
sim() { # file plant scenario start days step
    [ -f "$work/$1" ] || $pw simulate --plant "$2" --scenario "$3" --start "$4" --days "$5" --step "$6" -o "$work/$1"
}
sim catl.csv catl carbon-zero-2021 2021-01-01 365 60
sim humanwell.csv humanwell recovery-2021 2021-01-01 365 60
sim moma.csv moma retrofit-2019 2019-01-01 365 60
sim catl-15min.csv catl carbon-zero-2021 2021-01-01 365 900
sim catl-2y.csv catl carbon-zero-2021 2021-01-01 730 60
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q duckdb pandas
fi
best() { # command...: prints "seconds MB", the best wall time of 5 runs and that run's peak RSS
    local best_t=999 best_m=0
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        read -r t m < "$work/t"
        if awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
    done
    awk "BEGIN{printf \"%.2f %.1f\", $best_t, $best_m/1024}"
}
echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); best of 5 wall times, peak RSS of that run"
printf '| %-16s | %6s | %-18s | %-18s | %-18s | %-18s | %-9s | %-9s | %7s |\n' \
    file MB "plantwatch static" "plantwatch dynamic" "DuckDB threads=2" "pandas" "vs DuckDB" "vs pandas" "MB/s"
printf '|%s|\n' "---|---|---|---|---|---|---|---|---"
for f in catl.csv humanwell.csv moma.csv catl-15min.csv catl-2y.csv; do
    mb=$(awk "BEGIN{printf \"%.0f\", $(stat -c %s "$work/$f")/1e6}")
    read -r ts ms <<<"$(best $pws report "$work/$f" --every day)"
    read -r td md <<<"$(best $pw report "$work/$f" --every day)"
    if [ "$f" = catl-2y.csv ]; then
        dd=- dm=- pd=- pm=- rd=- rp=-
    else
        read -r dd dm <<<"$(best "$work/venv/bin/python" Scripts/bench_peers.py duckdb "$work/$f")"
        read -r pd pm <<<"$(best "$work/venv/bin/python" Scripts/bench_peers.py pandas "$work/$f")"
        rd=$(awk "BEGIN{printf \"%.1f×\", $dd/$td}"); rp=$(awk "BEGIN{printf \"%.1f×\", $pd/$td}")
    fi
    printf '| %-16s | %6s | %-18s | %-18s | %-18s | %-18s | %-9s | %-9s | %7s |\n' "$f" "$mb" \
        "$ts s, $ms MB" "$td s, $md MB" "$dd s, $dm MB" "$pd s, $pm MB" "$rd" "$rp" \
        "$(awk "BEGIN{printf \"%.0f\", $mb/$td}")"
done
echo "(vs DuckDB / pandas and MB/s: the dynamically linked build, as the issue asks)"
