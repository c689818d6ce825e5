#!/usr/bin/env bash
# ARM verified here: builds the aarch64 variant of edgeinfer (-Paarch64) and runs a small suite
# (src/test/java/io/edgeinfer/cli/ArmSmokeTest.java: start-up checks, fp32 and int8 demo models,
# the int8 engine, one pipeline window published to a broker, READY to systemd) in an arm64 JVM
# under qemu-user pinned to a Raspberry Pi's CPU. qemu's default CPU accepts every instruction and
# would hide an ARMv8.1+ instruction in the natives, hence the pinning:
#
#   PI=4 deploy/arm-smoke.sh      # Cortex-A72 (ARMv8.0: no LSE atomics), 4 KiB pages
#   PI=5 deploy/arm-smoke.sh      # Cortex-A76 (ARMv8.2), 16 KiB pages
#   PI="4 5" deploy/arm-smoke.sh  # both, one build (what .ci/run does)
#
# Needs root the first time (apt-get for qemu-user-static, binutils, unzip, debian-archive-keyring).
# The arm64 sysroot (bookworm JRE and the libraries libtorch needs, fetched with a private apt state,
# the host's dpkg untouched) and the unpacked natives are cached in $ARM_SMOKE_CACHE (default
# ~/.cache/edgeinfer-arm-smoke) between runs. Adapted from the reference qemu smoke script.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PIS="${PI:-4 5}"
CACHE="${ARM_SMOKE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/edgeinfer-arm-smoke}"
SR="$CACHE/sysroot"
WORK="$CACHE/build"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-$(grep -hoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list \
    2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Under emulation C2's compile work costs more than it returns in a suite this short.
ARM_JVM_OPTS="${ARM_JVM_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
t_all=$SECONDS
t() { local s=$SECONDS; "$@"; echo "arm-smoke: [$((SECONDS - s)) s] $*" | cut -c1-150; }
for p in $PIS; do
    case "$p" in 4|5) ;; *) echo "arm-smoke: PI must be 4, 5 or \"4 5\", got '$p'" >&2; exit 2 ;; esac
done
mkdir -p "$CACHE"

# 1. host tools ---------------------------------------------------------------------------------
need=()
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
command -v readelf >/dev/null && command -v objdump >/dev/null || need+=(binutils)
command -v unzip >/dev/null || need+=(unzip)
command -v rsync >/dev/null || need+=(rsync)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 -qq update
    apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends "${need[@]}"
fi

# 2. arm64 sysroot: bookworm JRE + the libraries libtorch needs, via a private apt state (cached) ---
if [ ! -x "$SR/usr/lib/jvm/java-17-openjdk-arm64/bin/java" ]; then
    A="$CACHE/apt"
    rm -rf "$A" "$SR.tmp"
    mkdir -p "$A"/{lists/partial,archives/partial,sources,conf.d,pref.d,debs}
    : > "$A/status"
    cat > "$A/sources/debian.sources" <<SRC
Types: deb
URIs: $DEBIAN_MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${DEBIAN_MIRROR%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    cat > "$A/apt.conf" <<CONF
APT::Architecture "arm64"; APT::Architectures { "arm64"; };
Dir::State "$A"; Dir::State::Lists "$A/lists"; Dir::State::status "$A/status";
Dir::Cache "$A"; Dir::Cache::archives "$A/archives";
Dir::Etc::SourceList "/dev/null"; Dir::Etc::SourceParts "$A/sources";
Dir::Etc::Parts "$A/conf.d"; Dir::Etc::Preferences "/dev/null"; Dir::Etc::PreferencesParts "$A/pref.d";
Debug::NoLocking "true"; APT::Sandbox::User "root";
CONF
    export APT_CONFIG="$A/apt.conf"
    t apt-get -qq update
    (cd "$A/debs" && t apt-get -qq download openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)
    unset APT_CONFIG
    mkdir -p "$SR.tmp"
    for d in "$A"/debs/*.deb; do dpkg-deb -x "$d" "$SR.tmp"; done
    rm -rf "$SR" && mv "$SR.tmp" "$SR"
    rm -rf "$A"
fi
# Surefire wants its -Djvm to be a .../bin/java.
mkdir -p "$CACHE/arm64/bin"
JA="$CACHE/arm64/bin/java"
cat > "$JA" <<WRAP
#!/bin/sh
# An arm64 java for surefire's -Djvm: qemu-user with the cached sysroot, CPU as the caller pins it.
export QEMU_LD_PREFIX="$SR"
exec qemu-aarch64-static "$SR/usr/lib/jvm/java-17-openjdk-arm64/bin/java" "\$@"
WRAP
chmod +x "$JA"

# 3. the aarch64 variant, built from a copy so target/ of the checkout keeps its own natives ------
mkdir -p "$WORK/src"
rsync -a --delete --exclude target --exclude .git "$ROOT/" "$WORK/src/"
cd "$WORK/src"
t mvn -B -q -Paarch64 package -DskipTests
natives=$(ls target/lib/pytorch-native-*.jar)
[ "$(echo "$natives" | wc -l)" = 1 ] && echo "$natives" | grep -q linux-aarch64 \
    || { echo "arm-smoke: expected exactly the linux-aarch64 native jar, got: $natives" >&2; exit 1; }

# 4. static checks of the aarch64 natives: LOAD alignment (Pi 5 kernel: 16 KiB pages), glibc ------
N="$CACHE/native-check"
rm -rf "$N" && mkdir -p "$N"
unzip -q -o "$natives" 'pytorch/*' -d "$N"
unzip -q -o target/lib/pytorch-jni-*.jar 'jnilib/linux-aarch64/*' -d "$N"
bad=0
while IFS= read -r so; do
    al=$(readelf -lW "$so" | awk '/LOAD/{print $NF}' | sort -u | head -1)
    gl=$(objdump -T "$so" | { grep -oE 'GLIBC_[0-9.]+' || true; } | sort -uV | tail -1)
    printf 'arm-smoke:   %-42s align=%s needs %s\n' "$(basename "$so")" "$al" "${gl:-nothing}"
    (( al >= 0x4000 )) || { echo "arm-smoke:   ^ LOAD alignment < 16 KiB: will not load on a Pi 5 (16 KiB pages)"; bad=1; }
    # The package's Depends and the start-up check (KnownNatives) say glibc >= 2.18: nothing may need more.
    [ -z "$gl" ] || [ "$(printf '%s\nGLIBC_2.18\n' "$gl" | sort -V | tail -1)" = GLIBC_2.18 ] \
        || { echo "arm-smoke:   ^ needs glibc newer than the 2.18 the package declares"; bad=1; }
done < <(find "$N" -name '*.so*' -type f)
rm -rf "$N"
(( bad == 0 )) || exit 1
if ls "$ROOT"/target/edgeinfer_*_arm64.deb >/dev/null 2>&1; then
    deb=$(ls "$ROOT"/target/edgeinfer_*_arm64.deb | head -1)
    in_deb=$(dpkg-deb -c "$deb" | grep -o 'pytorch-native-[^ ]*\.jar')
    [ "$in_deb" = "$(basename "$natives")" ] || { echo "arm-smoke: $deb carries '$in_deb'" >&2; exit 1; }
    echo "arm-smoke: $(basename "$deb") carries only $in_deb"
fi

# 5. the suite in the emulated JVM, per Pi --------------------------------------------------------
# The broker runs natively on the host (mosquitto): the daemon's publishing is what is under test.
command -v mosquitto >/dev/null || { apt-get -o DPkg::Lock::Timeout=600 -qq install -y mosquitto >/dev/null; }
while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$CACHE/mosquitto.conf"
[ "$(id -u)" = 0 ] && echo "user root" >> "$CACHE/mosquitto.conf"
mosquitto -c "$CACHE/mosquitto.conf" > "$CACHE/mosquitto.log" 2>&1 &
broker_pid=$!
trap 'kill "$broker_pid" 2>/dev/null || true' EXIT
export EDGEINFER_SMOKE_BROKER="tcp://127.0.0.1:$port"
for p in $PIS; do
    if [ "$p" = 4 ]; then
        export QEMU_CPU=cortex-a72 QEMU_PAGESIZE=4096 EDGEINFER_EXPECT_CPU="ARM Cortex-A72" EDGEINFER_EXPECT_ATOMICS=false
        midr=0x00000000410fd083 model="Raspberry Pi 4 Model B (qemu-user cortex-a72)"
    else
        export QEMU_CPU=cortex-a76 QEMU_PAGESIZE=16384 EDGEINFER_EXPECT_CPU="ARM Cortex-A76" EDGEINFER_EXPECT_ATOMICS=true
        midr=0x00000000414fd0b1 model="Raspberry Pi 5 Model B (qemu-user cortex-a76)"
    fi
    # qemu-user shows guests the host's /sys; these files in the sysroot take precedence, so the
    # daemon and oneDNN read the MIDR_EL1 and board model of the Pi being emulated.
    for c in 0 1 2 3; do
        mkdir -p "$SR/sys/devices/system/cpu/cpu$c/regs/identification"
        echo "$midr" > "$SR/sys/devices/system/cpu/cpu$c/regs/identification/midr_el1"
    done
    mkdir -p "$SR/sys/firmware/devicetree/base"
    printf '%s\0' "$model" > "$SR/sys/firmware/devicetree/base/model"
    export EDGEINFER_SMOKE_CACHE="$CACHE/djl"
    echo "arm-smoke: PI=$p QEMU_CPU=$QEMU_CPU QEMU_PAGESIZE=$QEMU_PAGESIZE"
    s=$SECONDS
    if ! mvn -B -q -o -Paarch64 surefire:test -Djvm="$JA" -Dtest=ArmSmokeTest -Dsurefire.failIfNoSpecifiedTests=false \
            -DtrimStackTrace=false -Dsurefire.timeout=900 -Dmaven.test.redirectTestOutputToFile=true \
            "-DargLine=$ARM_JVM_OPTS" > "$CACHE/pi$p.log" 2>&1; then
        grep -vE '^\s+at ' "$CACHE/pi$p.log" | tail -60 >&2
        echo "arm-smoke: FAILED on PI=$p (full log: $CACHE/pi$p.log)" >&2
        exit 1
    fi
    grep -h 'arm-smoke:' target/surefire-reports/*ArmSmokeTest*-output.txt 2>/dev/null | cut -c1-220 || true
    grep -h 'Tests run' target/surefire-reports/*ArmSmokeTest.txt | head -1
    echo "arm-smoke: [$((SECONDS - s)) s] PI=$p suite passed"
done
echo "ARM SMOKE PASSED (PI=$PIS) in $((SECONDS - t_all)) s"
