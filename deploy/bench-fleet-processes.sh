#!/usr/bin/env bash
# Start-up of several daemons at once on one machine, as FleetProcessesIT starts them: N processes of
# `bin/edgeinfer run` (int8 demo model, 10 windows/s, fleet group and a trusted key, the IT's JVM
# flags, no AppCDS) started together against a mosquitto of the bench's own. Per round it reports the
# slowest daemon's "first prediction N ms after JVM start"; a round of one daemon alone comes first in
# each pair as the same-run baseline.
#
#   mvn -B -q package -DskipTests && deploy/bench-fleet-processes.sh [-n ROUNDS] [N]    # N default 9
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=2
[ "${1:-}" = -n ] && { rounds=$2; shift 2; }
many=${1:-9}
work=$(mktemp -d /tmp/edgeinfer-bench-fleet.XXXXXX)
broker=""
pids=()
trap 'kill "${pids[@]}" $broker 2>/dev/null; rm -rf "$work"' EXIT
. deploy/bench-lib.sh
start_mosquitto "$work"
bin/edgeinfer keygen --out "$work/ops" >/dev/null 2>&1
pub=$(grep -v -- '-----' "$work/ops.pub" | tr -d '\n')

# Starts $1 daemons at once; prints the slowest one's JVM start -> first prediction, in ms.
round() {
    local n=$1 i d slowest=0 ms dirs=()
    pids=()
    for i in $(seq "$n"); do
        d=$work/r$RANDOM-$i
        mkdir -p "$d"
        dirs+=("$d")
        cat > "$d/edge.yaml" <<YAML
device_id: dev-$i
model: {path: $PWD/models/vibration_int8.pt, name: vibration-mlp, version: "1.0.0"}
source: {type: simulated-vibration, rate_hz: 400}
window: {size: 256, hop: 40}
mqtt: {broker: "tcp://127.0.0.1:$port", keepalive_s: 5}
outbox: {path: $d/outbox.db, commit_interval_ms: 100}
fleet: {groups: [line-b]}
control: {trusted_keys: ["$pub"], model_dir: $PWD/models, state_dir: $d}
YAML
        EDGEINFER_APPCDS=off EDGEINFER_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k" \
            bin/edgeinfer run --config "$d/edge.yaml" > "$d/log" 2>&1 &
        pids+=($!)
    done
    for d in "${dirs[@]}"; do
        local waited=0
        until ms=$(grep -so 'first prediction [0-9]* ms' "$d/log" | grep -o '[0-9]*'); do
            sleep 0.2
            waited=$((waited + 1))
            [ "$waited" -lt 900 ] || { echo "no first prediction after 180 s: $d/log" >&2; cat "$d/log" >&2; return 1; }
        done
        [ "$ms" -gt "$slowest" ] && slowest=$ms
    done
    kill "${pids[@]}"
    wait "${pids[@]}" 2>/dev/null || true
    rm -rf "${dirs[@]}"
    echo "$slowest"
}

echo "uptime: $(uptime)"
for r in $(seq "$rounds"); do
    one=$(round 1)
    all=$(round "$many")
    echo "round $r: 1 daemon alone ${one} ms; $many at once, the slowest ${all} ms (ratio $(awk "BEGIN {printf \"%.1f\", $all / $one}"))"
done
