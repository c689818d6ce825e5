#!/usr/bin/env bash
# Installs the amd64 .deb on this machine and takes it through its life: dpkg -i, the user, groups,
# enabled-not-started unit, systemd-analyze verify on the installed unit, check-config and a short
# demo run as the service user (embedded broker and metrics on free ports, not 1883/9464), a
# reinstall that keeps an edited conffile, remove, purge. Leaves the machine as it found it and
# proves it by comparing users, groups and systemd state before and after. Needs root.
#
#   deploy/test-deb.sh [path/to/edgeinfer_VERSION_amd64.deb]    (default: the one in target/)
set -euo pipefail
cd "$(dirname "$0")/.."

deb=${1:-$(ls target/edgeinfer_*_amd64.deb 2>/dev/null | head -1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "test-deb: no amd64 .deb; build it with: mvn -B -Pdeb package -DskipTests" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "test-deb: must run as root (dpkg -i)" >&2; exit 2; }
if dpkg-query -W -f='${Status}' edgeinfer 2>/dev/null | grep -q 'installed\|config-files'; then
    echo "test-deb: an edgeinfer package is already on this machine; not touching it" >&2
    exit 2
fi

fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
step() { echo "test-deb: $*"; }
work=$(mktemp -d /tmp/edgeinfer-deb-test.XXXXXX)
chmod 755 "$work"
daemon_pid=""

snapshot() {
    {
        getent passwd | sort
        getent group | sort
        find /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled /var/lib/systemd/deb-systemd-helper-masked \
            2>/dev/null | sort || true
        ls -d /etc/edgeinfer /var/lib/edgeinfer /var/cache/edgeinfer /usr/lib/edgeinfer /usr/share/edgeinfer 2>/dev/null || true
    } > "$1"
}

# dpkg takes a lock that another apt on this shared machine may hold: wait for it, bounded.
dpkg_do() {
    local i
    for i in $(seq 1 60); do
        if DEBIAN_FRONTEND=noninteractive dpkg --force-confold "$@" >"$work/dpkg.log" 2>&1; then
            return 0
        fi
        grep -q 'lock' "$work/dpkg.log" || { cat "$work/dpkg.log" >&2; return 1; }
        sleep 5
    done
    cat "$work/dpkg.log" >&2
    return 1
}

cleanup() {
    local rc=$?
    if [ -n "$daemon_pid" ]; then
        kill "$daemon_pid" 2>/dev/null || true
        wait "$daemon_pid" 2>/dev/null || true
    fi
    if dpkg-query -W -f='${Status}' edgeinfer 2>/dev/null | grep -q 'installed\|config-files'; then
        echo "test-deb: purging after a failure" >&2
        dpkg_do --purge edgeinfer || true
    fi
    rm -rf "$work"
    exit $rc
}
trap cleanup EXIT

snapshot "$work/before.txt"
t0=$SECONDS

step "dpkg -i $deb"
dpkg_do -i "$deb"
dpkg-query -W -f='${Status}\n' edgeinfer | grep -qx 'install ok installed' || fail "not installed"
dpkg-query -W -f='${Conffiles}\n' edgeinfer | grep -q '/etc/edgeinfer/edgeinfer.yaml' || fail "edgeinfer.yaml is not a conffile"

step "user, groups, directories, unit enabled but not started"
getent passwd edgeinfer | grep -q ':/var/lib/edgeinfer:/usr/sbin/nologin$' || fail "user edgeinfer: $(getent passwd edgeinfer)"
for g in gpio i2c spi video; do
    id -nG edgeinfer | tr ' ' '\n' | grep -qx "$g" || fail "edgeinfer is not in group $g ($(id -nG edgeinfer))"
done
[ "$(stat -c %U /var/lib/edgeinfer/outbox)" = edgeinfer ] || fail "state directory not owned by edgeinfer"
[ -L /etc/systemd/system/multi-user.target.wants/edgeinfer.service ] || fail "unit not enabled"
! pgrep -u edgeinfer >/dev/null || fail "something already runs as edgeinfer: the package must not start it"
natives=$(ls /usr/lib/edgeinfer/lib/pytorch-native-*.jar)
[ "$(echo "$natives" | wc -l)" = 1 ] && echo "$natives" | grep -q 'linux-x86_64' || fail "natives in the package: $natives"
out=$(systemd-analyze verify /lib/systemd/system/edgeinfer.service 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify warns: $out"

# As the unit runs it: its user and groups, its environment (CacheDirectory, XDG_CACHE_HOME).
# setpriv, env and the launcher each exec the next, so $! of a background run is the JVM itself.
as_service=(setpriv --reuid=edgeinfer --regid=edgeinfer --init-groups --reset-env -- env
    CACHE_DIRECTORY=/var/cache/edgeinfer XDG_CACHE_HOME=/var/cache/edgeinfer HOME=/var/lib/edgeinfer)

. deploy/bench-lib.sh

step "edgeinfer check-config /etc/edgeinfer/edgeinfer.yaml (as edgeinfer; unpacks the natives once)"
"${as_service[@]}" edgeinfer check-config /etc/edgeinfer/edgeinfer.yaml >"$work/check.out" 2>"$work/check.err" \
    || { cat "$work/check.err" >&2; fail "check-config exited $?"; }
grep -q 'model OK: vibration-mlp' "$work/check.err" || fail "check-config did not load the model: $(cat "$work/check.err")"
grep -q 'natives: pytorch 2.3.1 cpu-precxx11 linux-x86_64' "$work/check.err" || fail "no platform summary"
[ -d /var/cache/edgeinfer/djl/pytorch ] || fail "natives not unpacked into the cache directory"

step "demo run as edgeinfer: embedded broker and metrics on free ports"
mport=$(free_port)
sed -e 's/embedded: {host: 127.0.0.1, port: 1883}/embedded: {host: 127.0.0.1, port: 0}/' -e "s/  port: 9464/  port: $mport/" \
    -e 's/^device_id: .*/device_id: deb-test/' /etc/edgeinfer/edgeinfer.yaml > "$work/run.yaml"
chmod 644 "$work/run.yaml"
"${as_service[@]}" edgeinfer run --config "$work/run.yaml" >"$work/run.log" 2>&1 &
daemon_pid=$!
port=""
for _ in $(seq 1 120); do
    port=$(sed -n 's#.*embedded MQTT broker on tcp://127.0.0.1:\([0-9]*\).*#\1#p' "$work/run.log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/run.log" >&2; fail "daemon exited early"; }
    sleep 0.5
done
[ -n "$port" ] || { cat "$work/run.log" >&2; fail "no broker port in the log"; }
msg=$(mosquitto_sub -h 127.0.0.1 -p "$port" -t 'edgeinfer/deb-test/predictions' -C 1 -W 60) \
    || { cat "$work/run.log" >&2; fail "no prediction published on port $port"; }
echo "$msg" | grep -q '"label"' || fail "prediction without a label: $msg"
curl -fsS --max-time 10 "http://127.0.0.1:$mport/metrics" | grep -q '^edgeinfer_windows_total' || fail "no metrics on $mport"
kill -TERM "$daemon_pid"
wait "$daemon_pid" && rc=0 || rc=$?
daemon_pid=""
[ "$rc" = 0 ] || { cat "$work/run.log" >&2; fail "SIGTERM exit code $rc, expected 0"; }
grep -q 'stopped cleanly' "$work/run.log" || fail "no clean stop"
# Written at exit under a temporary name; the next start maps it once in a throw-away JVM, then uses it.
ls /var/cache/edgeinfer/appcds-*.jsa.part-* >/dev/null 2>&1 || fail "the first service run wrote no AppCDS archive"

step "reinstall (upgrade path) keeps an edited conffile"
echo "# edited by the operator" >> /etc/edgeinfer/edgeinfer.yaml
dpkg_do -i "$deb"
grep -q '# edited by the operator' /etc/edgeinfer/edgeinfer.yaml || fail "the edited conffile was replaced"

step "dpkg -r: program gone, configuration kept, unit masked"
dpkg_do -r edgeinfer
[ ! -e /usr/lib/edgeinfer ] && [ ! -e /usr/bin/edgeinfer ] && [ ! -e /lib/systemd/system/edgeinfer.service ] \
    || fail "files left after remove"
[ -f /etc/edgeinfer/edgeinfer.yaml ] || fail "remove deleted the conffile"
[ "$(readlink /etc/systemd/system/edgeinfer.service)" = /dev/null ] || fail "unit not masked after remove"

step "dpkg -P: everything gone"
dpkg_do -P edgeinfer
for p in /etc/edgeinfer /var/lib/edgeinfer /var/cache/edgeinfer /etc/systemd/system/edgeinfer.service \
        /etc/systemd/system/multi-user.target.wants/edgeinfer.service; do
    [ ! -e "$p" ] && [ ! -L "$p" ] || fail "$p left after purge"
done
! getent passwd edgeinfer >/dev/null || fail "user edgeinfer left after purge"
snapshot "$work/after.txt"
diff -u "$work/before.txt" "$work/after.txt" || fail "the machine is not as it was before the test"
step "PASSED in $((SECONDS - t0)) s: install, check-config, demo run, reinstall, remove, purge; machine clean"
