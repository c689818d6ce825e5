#!/usr/bin/env bash
# Resident memory of the daemon with the anomaly stage on vs off: one simulated 3-axis accelerometer
# at 400 Hz (windows of 256, hop 64: 6.25 windows/s) on the int8 demo model, one mosquitto. With the
# stage on it learns 100 windows (16 s), fits, then scores every window, so the figure includes a
# baseline in memory. The two set-ups alternate, each round in the same order, so both see the same
# machine load; each daemon runs SECONDS before its VmRSS is read.
#
#   mvn -B -q package -DskipTests && deploy/bench-anomaly-rss.sh [ROUNDS] [SECONDS]   (default 3 rounds, 60 s)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${2:-60}
work=$(mktemp -d /tmp/edgeinfer-bench-anomaly.XXXXXX)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
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

# run NAME: prints the daemon's VmRSS in kB after $seconds, then stops it
run() {
    rm -rf "$work/$1-state"
    bin/edgeinfer run --config "$work/$1.yaml" > "$work/$1.log" 2>&1 &
    pid=$!
    sleep "$seconds"
    awk '/VmRSS/{print $2}' "/proc/$pid/status"
    kill -TERM "$pid"
    wait "$pid" || true
    pid=
}

config off false
config on true
: > "$work/results.txt"
for r in $(seq 1 "$rounds"); do
    off=$(run off)
    on=$(run on)
    grep -q "anomaly learn done" "$work/on.log" || { echo "round $r: the stage did not finish learning" >&2; exit 1; }
    echo "round $r: off $off kB, on $on kB"
    echo "$off $on" >> "$work/results.txt"
done
python3 - "$work/results.txt" <<'PY'
import statistics, sys
rows = [tuple(int(x) for x in line.split()) for line in open(sys.argv[1])]
off = statistics.median(r[0] for r in rows) / 1024
on = statistics.median(r[1] for r in rows) / 1024
print(f"median RSS: anomaly off {off:.1f} MB, on {on:.1f} MB; difference {on - off:+.1f} MB, ratio {on / off:.3f}")
PY
