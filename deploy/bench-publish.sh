#!/usr/bin/env bash
# Bytes on the wire per day and CPU per window of each publishing mode (every, on_change, batch) on
# the demo config (400 Hz, hop 128: 3.125 windows/s), each mode with its default settings. The
# daemon runs as its own process against mosquitto, so the broker's CPU is not the daemon's; the
# modes take turns, round after round, so each sees the same machine load.
#
#   bytes: counted by a subscriber (mosquitto_sub) over the measured stretch: topic + payload of
#          every message, plus MQTT's own framing of a QoS 1 PUBLISH (fixed header, topic length,
#          packet id) and its 4-byte PUBACK; TCP/IP headers are not counted. Per day = x 86400 / s.
#   CPU:   utime + stime of the daemon's process (/proc/PID/stat) over the same stretch, divided by
#          the windows inferred in it (the rate between the first and last telemetry message of the
#          stretch, from their inferences_total, times its length).
#
#   mvn -B -q package -DskipTests && deploy/bench-publish.sh [SECONDS_PER_RUN] [ROUNDS] [MODE...]
#
# (180 s, 2 rounds, modes every on_change batch.) A mode may carry publish keys, e.g.
# batch:linger_ms=10000,max_batch=100 for batches that wait up to 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-180}
rounds=${2:-2}
shift $(( $# < 2 ? $# : 2 ))
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(every on_change batch)
warmup=15
work=$(mktemp -d /tmp/edgeinfer-bench-publish.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

. deploy/bench-lib.sh
start_mosquitto "$work"
pids+=("$broker")

tag() { # MODE[:k=v,...] -> a name for its files (no YAML or shell punctuation)
    echo "$1" | tr -c 'A-Za-z0-9_\n' '_'
}

config() { # MODE[:k=v,...] -> a demo config publishing so to the mosquitto above, without its device page
    local name=${1%%:*} keys="" t
    t=$(tag "$1")
    [ "$name" = "$1" ] || keys=", $(echo "${1#*:}" | sed -e 's/=/: /g' -e 's/,/, /g')"
    sed -e "s#\.\./models#$PWD/models#" -e "s#broker: embedded#broker: tcp://127.0.0.1:$port#" \
        -e "s/port: 9464.*/port: 0/" -e "/^http:/,/^\$/ s/enabled: true/enabled: false/" config/demo.yaml > "$work/demo-$t.yaml"
    printf 'publish: {mode: %s%s}\noutbox: {path: %s/outbox-%s.db}\n' "$name" "$keys" "$work" "$t" >> "$work/demo-$t.yaml"
}

measure() { # MODE ROUND -> one line of figures
    local mode=$1 round=$2 t sub daemon cpu0 cpu1 t0 t1
    t=$(tag "$mode")
    rm -f "$work"/outbox-"$t".db*
    mosquitto_sub -h 127.0.0.1 -p "$port" -t 'edgeinfer/#' -q 1 -F '%U %t %l %p' > "$work/sub-$t-$round.txt" &
    sub=$!
    bin/edgeinfer run --config "$work/demo-$t.yaml" > "$work/run-$t-$round.log" 2>&1 &
    daemon=$!
    pids+=("$sub" "$daemon")
    sleep "$warmup"
    if ! kill -0 "$daemon" 2>/dev/null; then
        echo "$mode round $round: the daemon stopped during the warm-up:" >&2
        tail -5 "$work/run-$t-$round.log" >&2
        exit 1
    fi
    t0=$(date +%s.%N); cpu0=$(awk '{print $14 + $15}' "/proc/$daemon/stat")
    sleep "$seconds"
    t1=$(date +%s.%N); cpu1=$(awk '{print $14 + $15}' "/proc/$daemon/stat")
    kill -TERM "$daemon"; wait "$daemon" || true
    sleep 1; kill "$sub"; wait "$sub" 2>/dev/null || true
    python3 - "$work/sub-$t-$round.txt" "$mode" "$round" "$t0" "$t1" "$cpu0" "$cpu1" "$(getconf CLK_TCK)" <<'PY'
import json, sys
path, mode, rnd, t0, t1, c0, c1, tck = sys.argv[1:]
t0, t1, cpu = float(t0), float(t1), (float(c1) - float(c0)) / float(tck)
def wire(topic, n):  # QoS 1 PUBLISH: fixed header (1 + remaining-length bytes), topic length, topic, packet id, payload; PUBACK 4
    rest = 2 + len(topic.encode()) + 2 + n
    return 1 + (1 if rest < 128 else 2 if rest < 16384 else 3) + rest + 4
pred = {"msgs": 0, "payload": 0, "wire": 0, "predictions": 0}
allwire = 0
inferred = []
for line in open(path, encoding="utf-8"):
    ts, topic, n, payload = line.rstrip("\n").split(" ", 3)
    ts, n = float(ts), int(n)
    if not (t0 <= ts <= t1):
        continue
    allwire += wire(topic, n)
    if topic.endswith("/predictions"):
        doc = json.loads(payload)
        pred["msgs"] += 1; pred["payload"] += n; pred["wire"] += wire(topic, n)
        pred["predictions"] += len(doc["predictions"]) if doc.get("batch") else 1
    elif topic.endswith("/telemetry"):
        inferred.append((ts, json.loads(payload)["inferences_total"]))
span = t1 - t0
if len(inferred) < 2:
    sys.exit(f"{mode} round {rnd}: {len(inferred)} telemetry message(s) in {span:.1f} s; the window rate needs two "
             "(the demo sends one every 5 s): measure for 10 s or more")
(ta, a), (tb, b) = inferred[0], inferred[-1]
windows = (b - a) / (tb - ta) * span
day = 86400 / span
print(f"{mode:9s} round {rnd}: {span:6.1f} s, {windows:.0f} windows, prediction messages {pred['msgs']} "
      f"({pred['predictions']} predictions in them), prediction bytes/day payload {pred['payload'] * day / 1e6:7.2f} MB "
      f"wire {pred['wire'] * day / 1e6:7.2f} MB, all topics wire {allwire * day / 1e6:7.2f} MB/day, "
      f"process CPU {cpu:6.2f} s = {cpu * 1e3 / windows:6.3f} ms per window")
PY
}

for mode in "${modes[@]}"; do config "$mode"; done
echo "demo config, ${seconds} s measured per run after ${warmup} s warm-up, ${rounds} rounds, mosquitto on port $port; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
    for mode in "${modes[@]}"; do
        measure "$mode" "$round"
    done
done
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
