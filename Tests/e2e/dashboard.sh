#!/usr/bin/env bash
# Drives the real dashboard in tmux as an operator would: start, switch plants, acknowledge an
# alarm, pause, resize, help, quit; checks the captured screen, the journal, and that the
# terminal was restored (alternate screen off, cursor visible, stty settings unchanged).
set -uo pipefail
cd "$(dirname "$0")/../.."
pw=$(pwd)/${PLANTWATCH:-.build/debug/plantwatch}
tmp=$(mktemp -d)
sock="pw-e2e-$$"
t() { tmux -L "$sock" "$@"; }
trap 't kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; t capture-pane -p -t e2e 2>/dev/null | head -40; }
screen() { t capture-pane -p -t e2e; }
# Waits up to 10 s for text on the screen.
waitfor() { for _ in $(seq 1 100); do screen | grep -qF -- "$1" && return 0; sleep 0.1; done; return 1; }
expect() { if waitfor "$2"; then ok; else bad "$1: '$2' not on screen"; fi; }

t -f /dev/null new-session -d -s e2e -x 100 -y 30 -e LANG=C.UTF-8 "bash --norc"
t send-keys -t e2e "stty -g > $tmp/stty.before; cd $(pwd)" Enter
sleep 0.5

# 1. Live dashboard on the three simulated plants, at a fixed instant.
t send-keys -t e2e "XDG_STATE_HOME=$tmp $pw live --start 2019-07-16T12:00 --journal $tmp/live.jsonl; echo EXIT=\$? > $tmp/exit1" Enter
expect "overview opens" "plantwatch · overview"
expect "all three plants" "3 MOMA chiller plant"
t send-keys -t e2e 3; expect "key 3 opens MOMA" "MOMA chiller plant · Beijing"
t send-keys -t e2e 1; expect "key 1 opens CATL" "CATL-SC battery plant (CFMS) · Yibin"
t send-keys -t e2e Tab; expect "Tab: next plant" "Humanwell steam boiler · Yichang"
t send-keys -t e2e w; expect "w: window" "KPIs · 24 h"
t send-keys -t e2e o; expect "o: overview" "plantwatch · overview"
t send-keys -t e2e Space; expect "space pauses" "paused"
t send-keys -t e2e Space; expect "space resumes" "running"
t send-keys -t e2e +; expect "+ speeds up" "10×"
t send-keys -t e2e '?'; expect "? opens help" "acknowledge all visible alarms"
t send-keys -t e2e x; sleep 0.3
if screen | grep -qF "acknowledge all visible alarms"; then bad "help closes on any key"; else ok; fi
t resize-window -t e2e -x 70 -y 22; expect "resize to 70x22 lays out stacked" "┌ 3 MOMA chiller plant"
t resize-window -t e2e -x 50 -y 15; expect "too small" "terminal too small: 50×15"
t resize-window -t e2e -x 120 -y 35; expect "resize back" "2 Humanwell steam boiler"
t send-keys -t e2e q
for _ in $(seq 1 50); do [ -f "$tmp/exit1" ] && break; sleep 0.1; done
if grep -q "EXIT=0" "$tmp/exit1" 2>/dev/null; then ok; else bad "q exits 0 ($(cat $tmp/exit1 2>/dev/null))"; fi
[ "$(t display -p -t e2e '#{alternate_on}')" = "0" ] && ok || bad "alternate screen left on"
[ "$(t display -p -t e2e '#{cursor_flag}')" = "1" ] && ok || bad "cursor left hidden"
t send-keys -t e2e "stty -g > $tmp/stty.after" Enter; sleep 0.3
cmp -s "$tmp/stty.before" "$tmp/stty.after" && ok || bad "stty settings changed"

# 2. Replay of a log with faults: alarms come up; acknowledge one; the journal records it.
t resize-window -t e2e -x 100 -y 30
t send-keys -t e2e "clear; $pw replay Samples/humanwell-recovery-2021-faults.csv --speed max --journal $tmp/replay.jsonl; echo EXIT=\$? > $tmp/exit2" Enter
expect "replay reaches the end" "end of log"
expect "alarms raised" "UNACK"
t send-keys -t e2e a; sleep 0.5
if grep -q '"event":"acknowledge"' "$tmp/replay.jsonl"; then ok; else bad "acknowledgement not journaled"; fi
# The newest alarm may have returned to normal already (RTN): acknowledged, it leaves the list and
# the next one is selected. Acknowledge until an active one shows ACK (at most three times).
for _ in 1 2 3; do screen | grep -qF " ACK " && break; t send-keys -t e2e a; sleep 0.5; done
expect "acknowledged alarm shown" " ACK "
t send-keys -t e2e H; expect "H opens the handover of the last complete shift" "handover of 2019-01-13 morning"
expect "handover: alarms open at the shift's end" "Alarms still open at the end of the shift: 2"
t send-keys -t e2e j j j j j j j j j j j j j j j j j j; expect "handover scrolls to the rejects" "Rejected data: none"
t send-keys -t e2e H; expect "H returns to the detail" "Meters"
t send-keys -t e2e A; sleep 0.3
t send-keys -t e2e Space; sleep 0.3
t send-keys -t e2e '['; expect "[ seeks back an hour" "2019-01-13 22:59:00"
t send-keys -t e2e ']'; expect "] seeks forward an hour" "2019-01-13 23:59:00"
t send-keys -t e2e C-c
for _ in $(seq 1 50); do [ -f "$tmp/exit2" ] && break; sleep 0.1; done
[ "$(t display -p -t e2e '#{alternate_on}')" = "0" ] && ok || bad "Ctrl-C left the alternate screen on"

# 3. Journal survives kill -9: acknowledge in a live run, kill it, restart: still acknowledged.
t send-keys -t e2e "clear; $pw live --plant humanwell --scenario baseline-2019 --start 2019-07-16T12:00 --fault meter-dropout:gas_total@2019-07-16T11:00 --journal $tmp/j.jsonl" Enter
expect "live humanwell" "UNACK"
t send-keys -t e2e a; sleep 0.5
pkill -9 -f "plantwatch live --plant humanwell" ; sleep 0.5
t send-keys -t e2e "reset; clear" Enter; sleep 0.5
acks=$(grep -c '"event":"acknowledge"' "$tmp/j.jsonl" 2>/dev/null || echo 0)
[ "$acks" -ge 1 ] && ok || bad "no acknowledgement in the journal after kill -9"
t send-keys -t e2e "$pw alarms $tmp/j.jsonl | tail -3" Enter
expect "alarms prints the journal" "acknowledge"
t send-keys -t e2e "clear; $pw live --plant humanwell --scenario baseline-2019 --start 2019-07-16T12:00 --fault meter-dropout:gas_total@2019-07-16T11:00 --journal $tmp/j.jsonl" Enter
expect "restart shows the acknowledgement" " ACK "
t send-keys -t e2e q; sleep 0.5

# 4. Following a log another program appends to, recording what arrives; kill -9; the recording replays.
printf 'timestamp,steam_flow,steam_total,gas_flow,gas_total,feedwater_temp,mains_temp\n' > "$tmp/follow.csv"
t send-keys -t e2e "clear; $pw live --follow $tmp/follow.csv --plant humanwell --record $tmp/rec.csv --no-journal" Enter
waitfor "following" && ok || bad "follow dashboard opens"
for i in $(seq 0 9); do
    ts=$(date -u -d "@$(( $(date +%s) - 10 + i ))" +%Y-%m-%dT%H:%M:%SZ)
    printf '%s,3.%d,%d.5,27%d.1,%d000.0,55.%d,8.0\n' "$ts" "$i" "$((100 + i))" "$i" "$((10 + i))" "$i" >> "$tmp/follow.csv"
done
expect "followed values on screen" "3.90 t/h"
sleep 1.5
pkill -9 -f "plantwatch live --follow" ; sleep 0.5
t send-keys -t e2e "reset; clear" Enter; sleep 0.5
rows=$(($(wc -l < "$tmp/rec.csv") - 1))
[ "$rows" -eq 10 ] && ok || bad "recording has $rows rows, not 10"
"$pw" report "$tmp/rec.csv" --plant humanwell --format json --no-drift > "$tmp/rec.json" 2>/dev/null && grep -q '"rows" : 0' "$tmp/rec.json" && ok || bad "the recording does not replay cleanly"

# 6. First run shows the product: every plant has values on the first frame (MOMA on its season's
#    clock whatever the date), drift is fitted once the background history is in; help complete
#    at three sizes; clicks in both mouse encodings open the plant under the pointer.
t resize-window -t e2e -x 100 -y 30
start_ms=$(date +%s%N)
t send-keys -t e2e "clear; XDG_STATE_HOME=$tmp $pw live --no-journal; echo EXIT=\$? > $tmp/exit6" Enter
waitfor "plantwatch · overview" && ok || bad "first run opens"
first_ms=$(( ($(date +%s%N) - start_ms) / 1000000 ))
echo "first frame of plantwatch live (${PLANTWATCH:-.build/debug/plantwatch}): $first_ms ms"
# The < 1 s goal is the release build's (Scripts/bench-dashboard.sh); a debug build on a shared machine gets 5 s.
[ "$first_ms" -lt "${FIRST_FRAME_LIMIT_MS:-5000}" ] && ok || bad "first frame took $first_ms ms"
row=$(screen | sed -n 3p)
for n in 1 2 3; do
    block=$(echo "$row" | awk -F'││' -v n=$n '{print $n}')
    if echo "$block" | grep -qE '[0-9]\.[0-9]+'; then ok; else bad "plant block $n has no value on the first frame: '$block'"; fi
done
# The long history simulates in the background ("history N %" in the status bar) …
for _ in $(seq 1 900); do screen | grep -qF "history " || break; sleep 0.2; done
if screen | grep -qF "history "; then bad "background history not done in 180 s"; else ok; fi
# … after which drift has its 30-day baselines.
t send-keys -t e2e 2; t send-keys -t e2e d
expect "drift fitted on the first run" "30 days"
if screen | grep -qF "days collected"; then bad "a drift baseline is still collecting"; else ok; fi
t send-keys -t e2e o
# Clicks: SGR-1006 on MOMA's block, X10 on Humanwell's (button byte ' ', x 45 → 'N', y 4 → '%').
t send-keys -t e2e -l $'\e[<0;80;5M'; t send-keys -t e2e -l $'\e[<0;80;5m'
expect "SGR click opens the plant under the pointer" "MOMA chiller plant · Beijing"
t send-keys -t e2e o; expect "back to the overview" "plantwatch · overview"
t send-keys -t e2e -l $'\e[M N%'; t send-keys -t e2e -l $'\e[M#N%'
expect "X10 click opens the plant under the pointer" "Humanwell steam boiler · Yichang"
t send-keys -t e2e o
# Help, complete: first and last keys seen, nothing cut, at each size.
for size in 60x20 100x30 200x60; do
    t resize-window -t e2e -x "${size%x*}" -y "${size#*x}"; sleep 0.3
    t send-keys -t e2e '?'
    expect "help at $size" "CATL · Humanwell · MOMA detail"
    all=$(screen)
    for _ in $(seq 1 30); do t send-keys -t e2e Down; done; sleep 0.5
    all="$all"$'\n'"$(screen)"
    echo "$all" | grep -qF "this help" && echo "$all" | grep -qE "q  Ctrl-C +quit" && ok || bad "help at $size does not reach its end"
    # Inside the help's box only (what shows around it is the dashboard's).
    inside=$(echo "$all" | python3 -c '
import sys
lines, box = sys.stdin.read().split("\n"), None
for l in lines:
    if "┌ keys" in l:
        x = l.index("┌ keys"); box = (x, l.index("┐", x)); continue
    if box and len(l) > box[1] and l[box[0]] in "│└":
        print(l[box[0] + 1:box[1]])
')
    [ -n "$inside" ] && ok || bad "help box not found at $size"
    if echo "$inside" | grep -v "lines .* of" | grep -qF "…"; then bad "help at $size cuts text"; else ok; fi
    t send-keys -t e2e x; sleep 0.3
done
t resize-window -t e2e -x 100 -y 30
t send-keys -t e2e q
for _ in $(seq 1 50); do [ -f "$tmp/exit6" ] && break; sleep 0.1; done
grep -q "EXIT=0" "$tmp/exit6" 2>/dev/null && ok || bad "q after mouse use exits 0"
[ "$(t display -p -t e2e '#{mouse_any_flag}#{mouse_sgr_flag}')" = "00" ] && ok || bad "mouse reporting left on"

# 7. The demo: an incident at 600×, alarms up within seconds.
t send-keys -t e2e "clear; XDG_STATE_HOME=$tmp $pw live --demo --no-journal" Enter
expect "demo runs at 600×" "600×"
for _ in $(seq 1 300); do screen | grep -qF "steam meter silent" && break; sleep 0.1; done
screen | grep -qF "steam meter silent" && ok || bad "demo raises the steam-meter alarm within 30 s"
t send-keys -t e2e C-c; sleep 0.5
[ "$(t display -p -t e2e '#{alternate_on}#{mouse_any_flag}')" = "00" ] && ok || bad "Ctrl-C left the screen or the mouse on"

# 7. Live sources on one clock (issue 15): a log from 2019 runs the plant on the log's clock (the
# alarms' times), its skew is an alarm, not "silent for 67,840 h"; a journal that cannot be
# written and a log that sends nothing are said on screen.
cat > "$tmp/stale.yaml" <<'YAML'
humanwell:
  alarms:
    - {id: gas-meter-stale, target: gas_total, kind: stale, limit: 2, priority: high, message: "gas meter silent for {value}"}
YAML
t resize-window -t e2e -x 160 -y 40
head -31 Samples/humanwell-baseline-2019.csv > "$tmp/old.csv"
t send-keys -t e2e "clear; $pw live --follow $tmp/old.csv --plant humanwell --journal $tmp/old.jsonl --config $tmp/stale.yaml" Enter
expect "skew shown as an alarm" "log time is 7.9 years behind the host clock"
expect "alarm times on the log's clock" "01-07 00:2"
expect "silence after the last row" "gas meter silent for"
if screen | grep -qE "silent for [0-9.]+ h"; then bad "an absurd age on screen"; else ok; fi
t send-keys -t e2e q; sleep 0.5
: > "$tmp/nothing.csv"
t send-keys -t e2e "clear; $pw live --follow $tmp/nothing.csv --plant humanwell --journal /dev/full --config $tmp/stale.yaml" Enter
expect "an empty log's silence names it" "nothing since start from the followed log $tmp/nothing.csv"
expect "journal write error on the status bar" "cannot write to the alarm journal /dev/full"
t send-keys -t e2e q; sleep 0.5
t resize-window -t e2e -x 100 -y 30

# 8. Replay of a multi-year log (three years of CATL, hourly): it opens streaming (a chunk of rows
# held, not the log), steps forward and seeks back to the right hour, in bounded memory.
"$pw" simulate --plant catl --scenario baseline --start 2019-01-01 --days 1095 --step 3600 -o "$tmp/years.csv"
t send-keys -t e2e "clear; $pw replay $tmp/years.csv --speed 1 --journal $tmp/years.jsonl" Enter
expect "a three-year log opens" "catl · 2019-01-01 00:00"
t send-keys -t e2e Space; expect "paused" "paused"
t send-keys -t e2e ']'; t send-keys -t e2e ']'; t send-keys -t e2e ']'
expect "] steps forward an hour" "catl · 2019-01-01 03:00:00"
t send-keys -t e2e '['
expect "[ seeks back an hour" "catl · 2019-01-01 02:00:00"
pid=$(pgrep -P "$(t display -p -t e2e '#{pane_pid}')" plantwatch | head -1)
hwm=$(awk '/^VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null)
if [ -n "$hwm" ] && [ "$hwm" -le 65536 ]; then ok; else bad "replay of three years peaks at ${hwm:-?} KB (> 64 MB)"; fi
t send-keys -t e2e q; sleep 0.5

# 5. Without a terminal it explains and points to report.
out=$("$pw" live < /dev/null 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "plantwatch report"; then ok; else bad "non-tty message (rc=$rc): $out"; fi

echo "dashboard e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
