#!/usr/bin/env bash
# Start-up and memory of `bin/edgeinfer run` on the demo config, without and with an AppCDS archive
# of the application's classes (JDK 17 dynamic archive), alternating rounds so both variants see
# the same machine load. Start-up is the daemon's own "first prediction N ms after JVM start" line
# (it includes the 0.64 s it takes the simulated sensor to fill the first window); RSS is VmRSS
# 20 s after start. Uses free ports, never 1883/9464.
#
#   mvn -B -q package -DskipTests && deploy/bench-startup.sh [ROUNDS]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
work=$(mktemp -d /tmp/edgeinfer-bench-startup.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

. deploy/bench-lib.sh
sed -e "s#\.\./models#$PWD/models#" -e 's/port: 1883}/port: 0}/' -e "s/port: 9464.*/port: $(free_port)/" \
    -e 's/^  port: 8080$/  port: 0/' config/demo.yaml > "$work/demo.yaml"

# One run: prints "<first prediction ms> <VmRSS kB>".
run() {
    EDGEINFER_JAVA_OPTS="$1" bin/edgeinfer run --config "$work/demo.yaml" > "$work/run.log" 2>&1 &
    pid=$!
    local start=$SECONDS ms=""
    while [ -z "$ms" ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/run.log" >&2; exit 1; }
        ms=$(sed -n 's/.*first prediction \([0-9]*\) ms after JVM start.*/\1/p' "$work/run.log")
        sleep 0.2
    done
    while [ $((SECONDS - start)) -lt 20 ]; do sleep 0.5; done
    local rss
    rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
    kill -TERM "$pid"
    wait "$pid" || true
    pid=""
    echo "$ms $rss"
}

echo "creating the AppCDS archive (one demo run, archive written at exit)"
run "-XX:ArchiveClassesAtExit=$work/edgeinfer.jsa" > /dev/null
ls -l "$work/edgeinfer.jsa" | awk '{printf "archive: %.1f MB\n", $5 / 1e6}'

: > "$work/base.txt"
: > "$work/cds.txt"
for i in $(seq 1 "$rounds"); do
    run "" >> "$work/base.txt"
    run "-XX:SharedArchiveFile=$work/edgeinfer.jsa" >> "$work/cds.txt"
    echo "round $i: base $(tail -1 "$work/base.txt"), appcds $(tail -1 "$work/cds.txt")  (ms kB)"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
b_ms=$(cut -d' ' -f1 "$work/base.txt" | median); c_ms=$(cut -d' ' -f1 "$work/cds.txt" | median)
b_rss=$(cut -d' ' -f2 "$work/base.txt" | median); c_rss=$(cut -d' ' -f2 "$work/cds.txt" | median)
awk -v b="$b_ms" -v c="$c_ms" 'BEGIN {printf "median first prediction: base %d ms, appcds %d ms, ratio appcds/base %.2f\n", b, c, c / b}'
awk -v b="$b_rss" -v c="$c_rss" 'BEGIN {printf "median RSS at 20 s:      base %.1f MB, appcds %.1f MB, ratio appcds/base %.2f\n", b / 1024, c / 1024, c / b}'
