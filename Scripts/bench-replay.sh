#!/usr/bin/env bash
# Replay in bounded memory: ten years of CATL at 60 s (≈ 1 GB), opened, played to the end and
# sought back by `plantwatch bench-replay` (the replay's own run loop, no terminal); prints the
# times and the peak resident size. DAYS=365 for a quicker run.
set -euo pipefail
cd "$(dirname "$0")/.."
DAYS=${DAYS:-3650}
swift build -c release >/dev/null
pw=$(pwd)/.build/release/plantwatch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
need=$((DAYS * 290 / 1024 + 64))   # ≈ 282 KB a day of CATL at 60 s, in MB, and a margin
free=$(df -m --output=avail "$tmp" | tail -1)
[ "$free" -gt "$need" ] || { echo "needs $need MB free in $tmp, has $free"; exit 1; }
"$pw" simulate --plant catl --scenario baseline --start 2015-01-01 --days "$DAYS" -o "$tmp/catl.csv"
echo "$(ls -l "$tmp/catl.csv" | awk '{print $5}') bytes, $(wc -l < "$tmp/catl.csv") lines"
"$pw" bench-replay "$tmp/catl.csv" --seeks 10
/usr/bin/time -f "plantwatch --version: peak resident %M KB (the binary and runtime alone)" "$pw" --version >/dev/null
