#!/usr/bin/env bash
# The live dashboard's running cost next to `htop -d 10`, measured the same way: each runs in a
# 100×30 tmux pane for DURATION seconds (after a warm-up); CPU is utime+stime from /proc, output is
# every byte the program writes to its terminal (tmux pipe-pane). Also: time to the first frame
# (from launch until the overview is on screen) and the render benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
swift build -c release >/dev/null
pw=$(pwd)/.build/release/plantwatch
command -v htop >/dev/null || { echo "htop is not installed (apt-get install htop)"; exit 1; }
tmp=$(mktemp -d)
sock="pw-bench-$$"
t() { tmux -L "$sock" "$@"; }
trap 't kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
hz=$(getconf CLK_TCK)

measure() { # label, command
    local label=$1 cmd=$2
    t -f /dev/null new-session -d -s b -x 100 -y 30 -e LANG=C.UTF-8 "$cmd"
    sleep 5
    # Steady state: after plantwatch's background history ("history N %") is in.
    local waited=0
    while t capture-pane -p -t b | grep -q "history [0-9]* %"; do sleep 1; waited=$((waited + 1)); done
    [ $waited -gt 0 ] && echo "($label: background history done after ≈ $((waited + 5)) s)"
    local pid; pid=$(t display -p -t b '#{pane_pid}')
    t pipe-pane -t b -o "cat > $tmp/out"
    local s0; s0=$(awk '{print $14 + $15}' /proc/$pid/stat)
    sleep "$DURATION"
    local s1; s1=$(awk '{print $14 + $15}' /proc/$pid/stat)
    t pipe-pane -t b
    local bytes; bytes=$(wc -c < "$tmp/out")
    awk -v l="$label" -v a="$s0" -v b="$s1" -v hz="$hz" -v d="$DURATION" -v by="$bytes" \
        'BEGIN { printf "%-34s CPU %.3f %% of a core   output %.0f B/s\n", l, (b - a) / hz / d * 100, by / d }'
    t kill-server 2>/dev/null || true
    sleep 0.5
}

first_frame() { # median of five launches
    t -f /dev/null new-session -d -s f -x 100 -y 30 -e LANG=C.UTF-8 "bash --norc"
    sleep 0.5
    local times=()
    for _ in 1 2 3 4 5; do
        local start; start=$(date +%s%N)
        t send-keys -t f "XDG_STATE_HOME=$tmp $pw live --no-journal" Enter
        until t capture-pane -p -t f | grep -q "plantwatch · overview"; do sleep 0.005; done
        local end; end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
        t send-keys -t f q; sleep 0.5; t send-keys -t f clear Enter; sleep 0.3
    done
    local median; median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
    echo "first frame of plantwatch live: median $median ms of ${times[*]} (launch to screen, incl. simulating the last 24 h; the other 34 days follow in the background)"
    t kill-server 2>/dev/null || true
}

echo "== $DURATION s in a 100×30 pane, 1 s refresh for plantwatch =="
measure "plantwatch live (3 plants, 1×)" "XDG_STATE_HOME=$tmp $pw live --no-journal --refresh 1"
measure "htop -d 10" "htop -d 10"
first_frame
$pw bench-render --width 200 --height 60
