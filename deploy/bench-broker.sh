# Sourced by the bench scripts that run daemons against a real broker: a mosquitto of their own on a
# free port of 127.0.0.1 for the run. start_broker WORKDIR sets $port and $broker (its pid, for the
# caller's cleanup to kill).

free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}

start_broker() {
    port=$(free_port)
    printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$1/mosquitto.conf"
    [ "$(id -u)" = 0 ] && echo "user root" >> "$1/mosquitto.conf"
    mosquitto -c "$1/mosquitto.conf" > "$1/mosquitto.log" 2>&1 &
    broker=$!
}
