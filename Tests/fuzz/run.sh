#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) for the CSV line splitter and the
# Modbus frame decoder, each with only the source file it tests, and runs each for a bounded time
# (FUZZ_SECONDS, default 30) from a small seed corpus. A crash or broken contract fails the run
# and leaves the reproducer in .build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-30}
out=.build/fuzz
mkdir -p "$out/csv-corpus" "$out/modbus-corpus"
printf 'timestamp,a,b\n' > "$out/csv-corpus/header"
printf '2019-01-01T00:00:00,"1,5",x""y,,\r' > "$out/csv-corpus/quoted"
printf '\x00\x07\x01\x03\x02\x00\x07\x00\x00\x00\x07\x01\x03\x04\x00\x01\x00\x02' > "$out/modbus-corpus/answer"
printf '\x00\x07\x01\x03\x02\x00\x07\x00\x00\x00\x03\x01\x83\x02' > "$out/modbus-corpus/exception"
# (ld.gold warns about every ASan helper symbol; the log keeps them out of CI's output.)
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FuzzCSV Sources/PlantModel/Logs/CSVFields.swift Tests/fuzz/FuzzCSVLine.swift -o "$out/fuzz-csv" 2> "$out/build.log" || { cat "$out/build.log"; exit 1; }
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FuzzModbus Sources/PlantModel/Modbus/ModbusFrame.swift Tests/fuzz/FuzzModbus.swift -o "$out/fuzz-modbus" 2>> "$out/build.log" || { cat "$out/build.log"; exit 1; }
for t in csv modbus; do
    echo "fuzz $t: $secs s"
    "$out/fuzz-$t" -max_total_time="$secs" -max_len=4096 -artifact_prefix="$out/$t-" -print_final_stats=1 "$out/$t-corpus" 2>&1 | grep -E "^stat::number_of_executed_units|^#.*DONE|ERROR|Assertion|Fatal|precondition" || true
    # libFuzzer exits non-zero on a finding; re-check by its artifact.
    if ls "$out/$t-"crash-* "$out/$t-"leak-* "$out/$t-"timeout-* >/dev/null 2>&1; then echo "fuzz $t: FOUND a failing input in $out"; exit 1; fi
done
echo "fuzz: 2 passed, 0 failed"
