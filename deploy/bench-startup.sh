#!/usr/bin/env bash
# Start-up of `bin/edgeinfer run` on the demo config: JVM start -> first prediction, for several
# variants of the launcher's environment, in alternating rounds so every variant sees the same machine
# load. Start-up is the daemon's own "first prediction N ms after JVM start" line (it includes the
# 0.64 s the simulated sensor takes to fill the first window); the phases are its debug start-up
# timeline ("start-up: PHASE at N ms"). Uses free ports (never 1883/9464) and its own outbox.
#
#   mvn -B -q package -DskipTests && deploy/bench-startup.sh [-n ROUNDS] [--rss SECONDS] [NAME=SETTINGS ...]
#
# SETTINGS are VAR=VALUE words put in the launcher's environment, e.g.
#   'no-appcds=EDGEINFER_APPCDS=off' 'c1=EDGEINFER_JAVA_OPTS=-XX:TieredStopAtLevel=1|-Xmx64m'
# ('|' separates several words of one value).
# EDGEINFER_BIN=PATH in SETTINGS runs another checkout's launcher (a baseline build). Each variant
# keeps its AppCDS archive in its own cache folder (made by one warm-up run before the rounds); the
# PyTorch natives come from the usual cache. Default variants: no-appcds=EDGEINFER_APPCDS=off, default=.
# --rss S also reads VmRSS S seconds after start. The first variant is the baseline of the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5
rss_at=0
while [ $# -gt 0 ]; do
    case $1 in
        -n) rounds=$2; shift 2 ;;
        --rss) rss_at=$2; shift 2 ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || set -- "no-appcds=EDGEINFER_APPCDS=off" "default="
work=$(mktemp -d /tmp/edgeinfer-bench-startup.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

. deploy/bench-lib.sh
natives=${XDG_CACHE_HOME:-$HOME/.cache}/edgeinfer/djl
sed -e "s#\.\./models#$PWD/models#" -e 's/port: 1883}/port: 0}/' -e "s/port: 9464.*/port: $(free_port)/" \
    -e 's/^  port: 8080$/  port: 0/' \
    -e "s#^  threads: 1#  threads: 1\n  cache_dir: $natives#" config/demo.yaml > "$work/demo.yaml"
printf 'outbox:\n  path: %s\n' "$work/outbox.db" >> "$work/demo.yaml"

names=()
for v in "$@"; do
    names+=("${v%%=*}")
done

# One run of variant $1 with settings $2: appends "<first prediction ms> <VmRSS kB or -> <phase>=<ms>..." to $work/$1.txt.
run() {
    local name=$1 settings=$2 bin=bin/edgeinfer env=() w
    for w in $settings; do
        case $w in EDGEINFER_BIN=*) bin=${w#EDGEINFER_BIN=} ;; *) env+=("$(echo "$w" | tr '|' ' ')") ;; esac
    done
    : > "$work/run.log" # before the daemon starts: the loop below may read it before the child opens it
    env XDG_CACHE_HOME="$work/cache-$name" EDGEINFER_LOG_LEVEL=DEBUG "${env[@]}" "$bin" run --config "$work/demo.yaml" \
        > "$work/run.log" 2>&1 &
    pid=$!
    local start=$SECONDS ms=""
    while [ -z "$ms" ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/run.log" >&2; exit 1; }
        ms=$(sed -n 's/.*first prediction \([0-9]*\) ms after JVM start.*/\1/p' "$work/run.log")
        sleep 0.1
    done
    local rss=-
    if [ "$rss_at" -gt 0 ]; then
        while [ $((SECONDS - start)) -lt "$rss_at" ]; do sleep 0.5; done
        rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
    fi
    kill -TERM "$pid"
    wait "$pid" || true
    pid=""
    local phases
    phases=$(sed -n 's/.*start-up: \(.*\) at \([0-9]*\) ms (+.*/\1=\2/p' "$work/run.log" | tr ' ' '_' | tr '\n' ' ')
    echo "$ms $rss $phases" >> "$work/$name.txt"
}

echo "variants: $* ; $rounds rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for v in "$@"; do
    mkdir -p "$work/cache-${v%%=*}"
    run "${v%%=*}" "${v#*=}"   # warm-up: makes the variant's AppCDS archive, if it uses one
    : > "$work/${v%%=*}.txt"
done
for i in $(seq 1 "$rounds"); do
    line="round $i:"
    for v in "$@"; do
        run "${v%%=*}" "${v#*=}"
        line="$line ${v%%=*} $(tail -1 "$work/${v%%=*}.txt" | cut -d' ' -f1) ms"
    done
    echo "$line"
done
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
base=$(cut -d' ' -f1 "$work/${names[0]}.txt" | median)
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${names[@]}"; do
    m=$(cut -d' ' -f1 "$work/$n.txt" | median)
    r=$(cut -d' ' -f2 "$work/$n.txt" | { grep -v -- - || true; } | median)
    awk -v n="$n" -v m="$m" -v b="$base" -v r="$r" 'BEGIN {printf "%-12s first prediction median %6d ms  ratio %.2f", n, m, m / b;
        if (r != "-") printf "   VmRSS median %.1f MB", r / 1024; printf "\n"}'
    # Median ms since JVM start at the end of each phase, in the order the daemon logged them.
    tr ' ' '\n' < "$work/$n.txt" | { grep '=' || true; } | cut -d= -f1 | awk '!seen[$0]++' | while read -r p; do
        printf '    %-50s %6s ms\n' "$(echo "$p" | tr '_' ' ')" "$(tr ' ' '\n' < "$work/$n.txt" | sed -n "s/^$p=//p" | median)"
    done
done
