#!/usr/bin/env bash
# Memory soak: runs the demo daemon (`bin/edgeinfer run`, demo config, free ports, its own outbox)
# for N minutes with a subscriber watching everything it publishes, as a user following the README
# would, and prints its resident memory and what makes it up once per interval, then the drift.
#
#   mvn -B -q package -DskipTests && deploy/soak.sh [--minutes 60] [--interval 60] [--broker URL] [--nmt]
#
# Columns (MB unless said): RSS = VmRSS; anon and file = its anonymous and file-backed parts;
# heap = Java heap used/committed and nonheap = metaspace+code committed (the daemon's /metrics);
# malloc = glibc heap in use/free inside arenas (edgeinfer_process_native_heap_bytes: libtorch,
# SQLite and the JVM's own native allocations); NMT = the JVM's committed total (--nmt runs the JVM
# with -XX:NativeMemoryTracking=summary and prints `jcmd VM.native_memory summary.diff` at the end;
# needs a JDK); thr = threads; cpu = process CPU seconds so far.
#
# --broker URL publishes to that broker (e.g. a mosquitto) instead of the demo's embedded one. The
# launcher's environment passes through (EDGEINFER_JAVA_OPTS, MALLOC_ARENA_MAX, LD_PRELOAD, ...);
# EDGEINFER_BIN=PATH runs another checkout's launcher. Run two soaks side by side to compare settings
# under the same machine load. A short warm-up run first makes the launcher's AppCDS archive (in a
# cache folder of the soak's own), so the measured run starts as every run after the first does.
# Each soak copies the unpacked PyTorch natives (~450 MB on x86-64) into its temporary folder.
# Drift is the last sample minus the one at 5 minutes (JIT compilation and lazily loaded classes
# settle in the first minutes); the slope is fitted to the second half.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=60
interval=60
broker=embedded
nmt=""
while [ $# -gt 0 ]; do
    case $1 in
        --minutes) minutes=$2; shift 2 ;;
        --interval) interval=$2; shift 2 ;;
        --broker) broker=$2; shift 2 ;;
        --nmt) nmt=1; shift ;;
        *) echo "soak: unknown argument $1" >&2; exit 64 ;;
    esac
done
bin=${EDGEINFER_BIN:-bin/edgeinfer}
work=$(mktemp -d /tmp/edgeinfer-soak.XXXXXX)
pid=""
watcher=""
cleanup() {
    [ -n "$watcher" ] && kill "$watcher" 2>/dev/null
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

. deploy/bench-lib.sh
mport=$(free_port)
# The daemon's own copy of the PyTorch natives, as on a board with one daemon: soaks side by side that
# mapped the same libtorch would share its pages, and the kernel reclaims no page another process maps
# (platform/ColdPages).
natives=$work/djl
shared=${XDG_CACHE_HOME:-$HOME/.cache}/edgeinfer/djl
if [ -d "$shared" ]; then cp -r "$shared" "$natives"; else natives=$shared; fi
sed -e "s#\.\./models#$PWD/models#" -e 's/port: 1883}/port: 0}/' -e "s/port: 9464.*/port: $mport/" -e 's/^  port: 8080$/  port: 0/' \
    -e "s#broker: embedded#broker: $broker#" -e "s/^device_id: .*/device_id: soak-$mport/" \
    -e "s#^  threads: 1#  threads: 1\n  cache_dir: $natives#" config/demo.yaml > "$work/demo.yaml"
printf 'outbox:\n  path: %s\n' "$work/outbox.db" >> "$work/demo.yaml"

opts=${EDGEINFER_JAVA_OPTS:-}
[ -n "$nmt" ] && opts="$opts -XX:NativeMemoryTracking=summary"
export XDG_CACHE_HOME=$work/cache EDGEINFER_JAVA_OPTS=$opts

# Starts the daemon in the background (pid in $pid) and waits for its first prediction.
start() {
    : > "$work/run.log"
    "$bin" run --config "$work/demo.yaml" >> "$work/run.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do
        grep -q "first prediction" "$work/run.log" && return
        kill -0 "$pid" 2>/dev/null || { cat "$work/run.log" >&2; exit 1; }
        sleep 0.2
    done
    cat "$work/run.log" >&2
    echo "soak: no first prediction" >&2
    exit 1
}
if [ "${EDGEINFER_APPCDS:-on}" != off ]; then
    start
    kill -TERM "$pid"
    wait "$pid" || true
fi
start
port=$(sed -n 's#.*embedded MQTT broker on tcp://127.0.0.1:\([0-9]*\).*#\1#p' "$work/run.log" | head -1)
host=127.0.0.1
if [ -z "$port" ]; then
    hp=${broker#*://}; host=${hp%:*}; port=${hp##*:}
fi
if command -v mosquitto_sub >/dev/null; then
    mosquitto_sub -h "$host" -p "$port" -t 'edgeinfer/#' > /dev/null 2>&1 &
    watcher=$!
fi
[ -n "$nmt" ] && jcmd "$pid" VM.native_memory baseline > /dev/null
hz=$(getconf CLK_TCK)

echo "soak: $bin run, broker $broker, $minutes min, pid $pid, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "EDGEINFER_JAVA_OPTS='${EDGEINFER_JAVA_OPTS:-}' $(env | grep -E '^(MALLOC_|LD_PRELOAD=)' | tr '\n' ' ')"
printf '%5s %7s %7s %6s %13s %8s %13s %7s %4s %7s\n' min RSS anon file heap-used/com nonheap malloc-use/free NMT thr cpu-s
t0=$SECONDS
: > "$work/rss.txt"
while :; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/run.log" >&2; echo "soak: the daemon died" >&2; exit 1; }
    el=$((SECONDS - t0))
    read -r rss anon file thr < <(awk '/^VmRSS/{r=$2} /^RssAnon/{a=$2} /^RssFile/{f=$2} /^Threads/{t=$2} END{print r, a, f, t}' \
        "/proc/$pid/status")
    cpu=$(awk -v hz="$hz" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
    m=$(curl -fsS --max-time 10 "http://127.0.0.1:$mport/metrics" 2>/dev/null || true)
    sum() { echo "$m" | awk -v p="$1" 'index($0, p) == 1 {s += $NF} END {printf "%.1f", s / 1048576}'; }
    hu=$(sum 'jvm_memory_used_bytes{area="heap"'); hc=$(sum 'jvm_memory_committed_bytes{area="heap"')
    nh=$(sum 'jvm_memory_committed_bytes{area="nonheap"')
    mu=$(sum 'edgeinfer_process_native_heap_bytes{state="used"'); mf=$(sum 'edgeinfer_process_native_heap_bytes{state="free"')
    nc=-
    if [ -n "$nmt" ]; then
        nc=$(jcmd "$pid" VM.native_memory summary 2>/dev/null \
            | sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p' | awk '{printf "%.1f", $1 / 1024}')
    fi
    echo "$el $rss" >> "$work/rss.txt"
    printf '%5.1f %7.1f %7.1f %6.1f %6s/%-6s %8s %6s/%-6s %7s %4s %7s\n' "$(echo "$el" | awk '{print $1 / 60}')" \
        "$(echo "$rss" | awk '{print $1 / 1024}')" "$(echo "$anon" | awk '{print $1 / 1024}')" \
        "$(echo "$file" | awk '{print $1 / 1024}')" "$hu" "$hc" "$nh" "$mu" "$mf" "$nc" "$thr" "$cpu"
    [ "$el" -ge $((minutes * 60)) ] && break
    sleep "$interval"
done
awk -v total="$((minutes * 60))" '
    { t[NR] = $1; r[NR] = $2 / 1024; if (r[NR] > max) max = r[NR] }
    END {
        base = r[1]; for (i = 1; i <= NR; i++) if (t[i] >= 300) { base = r[i]; bt = t[i]; break }
        n = 0; sx = sy = sxx = sxy = 0
        for (i = 1; i <= NR; i++) if (t[i] >= total / 2) { n++; x = t[i] / 3600; sx += x; sy += r[i]; sxx += x * x; sxy += x * r[i] }
        slope = (n > 1 && n * sxx - sx * sx > 0) ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
        printf "RSS MB: first %.1f, at %d min %.1f, max %.1f, last %.1f; drift since %d min %+.1f; slope over the second half %+.1f MB/h\n",
            r[1], bt / 60, base, max, r[NR], bt / 60, r[NR] - base, slope
    }' "$work/rss.txt"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$nmt" ]; then
    echo "JVM native memory since the first prediction (jcmd VM.native_memory summary.diff):"
    jcmd "$pid" VM.native_memory summary.diff | grep -E '^Total|^-' | sed 's/^/  /'
fi
