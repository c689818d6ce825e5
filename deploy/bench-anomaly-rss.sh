#!/usr/bin/env bash
# Resident memory of the daemon with the anomaly stage on vs off: one simulated 3-axis accelerometer
# at 400 Hz (windows of 256, hop 64: 6.25 windows/s) on the int8 demo model, one mosquitto. With the
# stage on it learns 100 windows (16 s), fits, then scores every window, so the figure includes a
# baseline in memory.
#
# PAIRS daemons of each set-up run side by side (same machine load, same moment of their lives) for
# MINUTES; VmRSS of each is printed once a minute, and at the end the median of (on - off) per pair
# over the minutes from the third on. The first two minutes are left out: there the two differ by
# when each happens to compile its hot methods and grow its heap, which swings a single reading
# by several MB either way (a read after 60 s, the first version of this script, gave medians of
# +4.4 and +11.5 MB in two batches of five rounds).
#
#   mvn -B -q package -DskipTests && deploy/bench-anomaly-rss.sh [PAIRS] [MINUTES]   (default 2 pairs, 12 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-2}
minutes=${2:-12}
work=$(mktemp -d /tmp/edgeinfer-bench-anomaly.XXXXXX)
pids=()
cleanup() {
    [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
    [ -n "${broker:-}" ] && kill "$broker" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

. deploy/bench-lib.sh
start_mosquitto "$work"

# config NAME ANOMALY: a single-pipeline daemon, its state in a folder of its own (learning starts afresh)
config() {
    cat > "$work/$1.yaml" <<YAML
device_id: $1
model: {path: $PWD/models/vibration_int8.pt}
source: {type: simulated-vibration, rate_hz: 400, seed: 1}
window: {size: 256, hop: 64}
anomaly: {enabled: $2, learn_windows: 100}
mqtt: {broker: "tcp://127.0.0.1:$port"}
outbox: {path: $work/$1-state/outbox.db}
telemetry: {interval_s: 5}
http: {enabled: false}
YAML
}

names=()
for i in $(seq 1 "$pairs"); do
    for set in off on; do
        config "$set$i" "$([ $set = on ] && echo true || echo false)"
        bin/edgeinfer run --config "$work/$set$i.yaml" > "$work/$set$i.log" 2>&1 &
        pids+=($!)
        names+=("$set$i")
    done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); VmRSS in MB (KiB / 1024) of: ${names[*]}"
: > "$work/rss.txt"
for m in $(seq 1 "$minutes"); do
    sleep 60
    row="$m"
    for p in "${pids[@]}"; do
        kill -0 "$p" 2>/dev/null || { cat "$work"/*.log >&2; echo "a daemon died" >&2; exit 1; }
        row="$row $(awk '/VmRSS/{print $2}' "/proc/$p/status")"
    done
    echo "$row" >> "$work/rss.txt"
    echo "minute $row" | awk '{printf "%s %s", $1, $2; for (i = 3; i <= NF; i++) printf " %.1f", $i / 1024; print ""}'
done
for i in $(seq 1 "$pairs"); do
    grep -q "anomaly learn done" "$work/on$i.log" || { echo "on$i did not finish learning" >&2; exit 1; }
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/rss.txt" "$pairs" <<'PY'
import statistics, sys
rows = [[int(x) for x in line.split()] for line in open(sys.argv[1])]
pairs = int(sys.argv[2])
steady = [r for r in rows if r[0] >= 3] or rows
for i in range(pairs):
    off = [r[1 + 2 * i] / 1024 for r in steady]
    on = [r[2 + 2 * i] / 1024 for r in steady]
    d = [b - a for a, b in zip(off, on)]
    print(f"pair {i + 1}: off median {statistics.median(off):.1f} MB, on {statistics.median(on):.1f} MB, "
          f"on - off median {statistics.median(d):+.1f} MB (min {min(d):+.1f}, max {max(d):+.1f})")
alld = [(r[2 + 2 * i] - r[1 + 2 * i]) / 1024 for r in steady for i in range(pairs)]
print(f"all pairs, minutes {steady[0][0]}-{steady[-1][0]}: on - off median {statistics.median(alld):+.1f} MB")
PY
