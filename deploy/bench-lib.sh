# Shared by the deploy/bench-*.sh scripts (sourced, not run): a free loopback port, and a mosquitto
# of the bench's own on one, so a bench never meets another broker or the defaults 1883 / 9464 that
# others on the machine may hold.

free_port() { # -> a port nothing listens on
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}

start_mosquitto() { # WORKDIR -> sets port and broker (its pid) once it accepts connections
    port=$(free_port)
    printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$1/mosquitto.conf"
    [ "$(id -u)" = 0 ] && echo "user root" >> "$1/mosquitto.conf"
    mosquitto -c "$1/mosquitto.conf" > "$1/mosquitto.log" 2>&1 &
    broker=$!
    local _
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return
        sleep 0.05
    done
    echo "mosquitto did not open port $port: $(cat "$1/mosquitto.log")" >&2
    return 1
}
