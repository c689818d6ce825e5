#!/usr/bin/env bash
# Several pipelines in one daemon vs one daemon per pipeline: resident memory, and each pipeline's
# latency p99 with four pipelines running vs one alone. Four simulated 3-axis accelerometers at
# 400 Hz (windows of 256, hop 64: 6.25 windows/s each) on the int8 demo model, one mosquitto for all.
# The three set-ups run in turn, each round in the same order, so each sees the same machine load.
#
#   mvn -B -q package -DskipTests && deploy/bench-pipelines.sh [ROUNDS] [SECONDS]   (default 3 rounds, 40 s)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${2:-40}
work=$(mktemp -d /tmp/edgeinfer-bench-pipelines.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -n "${broker:-}" ] && kill "$broker" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

. deploy/bench-lib.sh
start_mosquitto "$work"
model=$PWD/models/vibration_int8.pt

pipeline_yaml() { # id seed
    cat <<EOF
  - id: $1
    model: {path: $model}
    source: {type: simulated-vibration, rate_hz: 400, seed: $2}
    window: {size: 256, hop: 64}
EOF
}

# config NAME DEVICE IDS...: a daemon with one pipeline per id
config() {
    local name=$1 device=$2
    shift 2
    {
        echo "device_id: $device"
        echo "pipelines:"
        local seed=1
        for id in "$@"; do pipeline_yaml "$id" "$seed"; seed=$((seed + 1)); done
        echo "mqtt: {broker: \"tcp://127.0.0.1:$port\"}"
        echo "outbox: {path: $work/$device.db}"
        echo "telemetry: {interval_s: 5}"
        echo "metrics: {port: 0}"
        echo "http: {enabled: false}"
    } > "$work/$name.yaml"
}
config one d1 p1
config four d4 p1 p2 p3 p4
for i in 1 2 3 4; do config "single$i" "s$i" "p$i"; done

# start CONFIG...: starts a daemon per config, waits $seconds, prints the summed VmRSS in kB, and the
# p99 of every pipeline from the last telemetry message of each daemon, then stops them.
start() {
    pids=()
    local sub
    mosquitto_sub -h 127.0.0.1 -p "$port" -t 'edgeinfer/+/telemetry' > "$work/telemetry.log" &
    sub=$!
    for c in "$@"; do
        bin/edgeinfer run --config "$work/$c.yaml" > "$work/$c.log" 2>&1 &
        pids+=($!)
    done
    sleep "$seconds"
    local rss=0 p
    for p in "${pids[@]}"; do
        rss=$((rss + $(awk '/VmRSS/{print $2}' "/proc/$p/status")))
    done
    for p in "${pids[@]}"; do kill -TERM "$p"; wait "$p" || true; done
    pids=()
    kill "$sub" 2>/dev/null || true
    local p99s
    p99s=$(python3 -c '
import json, sys
last = {}
for line in open(sys.argv[1]):
    m = json.loads(line)
    for p in m.get("pipelines", []):
        last[(m["boot_id"], p["id"])] = p["latency_ms"]["p99"]
print(" ".join("%.3f" % v for v in last.values() if v is not None))' "$work/telemetry.log")
    echo "$rss $p99s"
}

: > "$work/results.txt"
for r in $(seq 1 "$rounds"); do
    one=$(start one)
    four=$(start four)
    separate=$(start single1 single2 single3 single4)
    echo "round $r: one daemon/1 pipeline [$one]; one daemon/4 pipelines [$four]; 4 daemons [$separate] (kB p99-ms...)"
    echo "one $one" >> "$work/results.txt"
    echo "four $four" >> "$work/results.txt"
    echo "separate $separate" >> "$work/results.txt"
done
python3 - "$work/results.txt" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    kind, rss, *p99 = line.split()
    rows.setdefault(kind, []).append((int(rss), [float(x) for x in p99]))
med = lambda xs: statistics.median(xs)
rss = {k: med([r for r, _ in v]) / 1024 for k, v in rows.items()}
p99 = {k: med([x for _, ps in v for x in ps]) for k, v in rows.items()}
print(f"median RSS: 1 pipeline {rss['one']:.1f} MB, 4 pipelines in one daemon {rss['four']:.1f} MB, "
      f"4 daemons {rss['separate']:.1f} MB")
print(f"ratio 4-pipeline daemon / 1-pipeline daemon: {rss['four'] / rss['one']:.2f}; "
      f"4 daemons / 4-pipeline daemon: {rss['separate'] / rss['four']:.2f}")
print(f"median pipeline p99: alone {p99['one']:.3f} ms, 4 in one daemon {p99['four']:.3f} ms "
      f"(ratio {p99['four'] / p99['one']:.2f}), 4 daemons {p99['separate']:.3f} ms")
EOF
