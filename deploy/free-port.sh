# Sourced by the scripts in deploy/ (from the checkout's root): free_port prints a TCP port on
# 127.0.0.1 that nothing listens on now (the defaults 1883, 8080 and 9464 may be in use by others on
# this machine).
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}
