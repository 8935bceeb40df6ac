#!/usr/bin/env bash
# Regenerates Samples/: one week of each plant at a 60 s step, plus one log with injected faults.
# The logs are deterministic: rerunning this script reproduces them byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
pw=.build/release/plantwatch
$pw simulate --plant humanwell --scenario baseline-2019 --start 2019-01-07 --days 7 -o Samples/humanwell-baseline-2019.csv
$pw simulate --plant humanwell --scenario recovery-2021 --start 2019-01-07 --days 7 -o Samples/humanwell-recovery-2021.csv
$pw simulate --plant moma --scenario legacy-2018 --start 2019-07-08 --days 7 -o Samples/moma-legacy-2018.csv
$pw simulate --plant moma --scenario retrofit-2019 --start 2019-07-08 --days 7 -o Samples/moma-retrofit-2019.csv
$pw simulate --plant catl --scenario carbon-zero-2021 --start 2021-03-01 --days 7 -o Samples/catl-carbon-zero-2021.csv
$pw simulate --plant humanwell --scenario recovery-2021 --start 2019-01-07 --days 7 \
    --fault boiler-fouling@2019-01-08T00:00 --fault recovery-pump-trip@2019-01-11T14:00 \
    --fault meter-dropout:steam_total@2019-01-12T09:00 \
    -o Samples/humanwell-recovery-2021-faults.csv
ls -l Samples
