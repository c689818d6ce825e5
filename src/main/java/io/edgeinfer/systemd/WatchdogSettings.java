package io.edgeinfer.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The watchdog systemd asked for ({@code WatchdogSec=} in the unit arrives as
 * {@code WATCHDOG_USEC}), and the derived timings.
 *
 * @param timeout systemd restarts the service when no {@code WATCHDOG=1} arrived for this long
 */
public record WatchdogSettings(Duration timeout) {
    public WatchdogSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("watchdog timeout must be positive: " + timeout);
        }
    }

    /**
     * The watchdog from the environment, if one is set for this process: {@code WATCHDOG_PID},
     * when present, must be our PID (a child of the service must not ping for it).
     */
    public static Optional<WatchdogSettings> fromEnvironment(Map<String, String> env, long ownPid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isBlank()) {
            return Optional.empty();
        }
        String pid = env.get("WATCHDOG_PID");
        if (pid != null && !pid.isBlank() && !pid.trim().equals(Long.toString(ownPid))) {
            return Optional.empty();
        }
        long micros;
        try {
            micros = Long.parseLong(usec.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return micros > 0 ? Optional.of(new WatchdogSettings(Duration.ofNanos(micros * 1000))) : Optional.empty();
    }

    /** How often to consider a ping: four chances per timeout, as sd_watchdog_enabled(3) advises at least two. */
    public Duration pingInterval() {
        return timeout.dividedBy(4);
    }

    /**
     * How old the inference loop's heartbeat may be before pings stop: half the timeout, so a loop
     * stuck in one prediction is restarted within about 1.5 timeouts.
     */
    public Duration staleAfter() {
        return timeout.dividedBy(2);
    }
}
