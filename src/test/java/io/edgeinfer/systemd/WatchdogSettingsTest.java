package io.edgeinfer.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchdogSettingsTest {
    @Test
    void watchdogUsecGivesTimeoutPingIntervalAndStaleness() {
        WatchdogSettings w = WatchdogSettings.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), 42).orElseThrow();
        assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(w.pingInterval()).isEqualTo(Duration.ofMillis(7500));
        assertThat(w.staleAfter()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aWatchdogMeantForAnotherPidIsIgnored() {
        assertThat(WatchdogSettings.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "7"), 42))
                .isEmpty();
        assertThat(WatchdogSettings.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "42"), 42))
                .isPresent();
    }

    @Test
    void noOrNonsenseWatchdogMeansNone() {
        assertThat(WatchdogSettings.fromEnvironment(Map.of(), 42)).isEmpty();
        assertThat(WatchdogSettings.fromEnvironment(Map.of("WATCHDOG_USEC", "0"), 42)).isEmpty();
        assertThat(WatchdogSettings.fromEnvironment(Map.of("WATCHDOG_USEC", "soon"), 42)).isEmpty();
    }
}
