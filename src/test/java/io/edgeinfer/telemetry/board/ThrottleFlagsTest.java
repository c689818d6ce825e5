package io.edgeinfer.telemetry.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.telemetry.board.ThrottleFlags.State;
import org.junit.jupiter.api.Test;

/** The parser on outputs recorded on real boards (fixtures/vcgencmd/SOURCES.md). */
class ThrottleFlagsTest {

    @Test
    void pi4AtItsSoftTemperatureLimitReportsItNowAndSinceBoot() {
        ThrottleFlags f = ThrottleFlags.parse(Fixtures.vcgencmd("pi4-get_throttled.txt"));
        assertThat(f.hex()).isEqualTo("0x80008");
        assertThat(f.now()).isEqualTo(new State(false, false, false, true));
        assertThat(f.sinceBoot()).isEqualTo(new State(false, false, false, true));
        assertThat(f.now().clockReduced()).isTrue();
    }

    @Test
    void pi5WithAGoodSupplyReportsNothing() {
        ThrottleFlags f = ThrottleFlags.parse(Fixtures.vcgencmd("pi5-get_throttled.txt"));
        assertThat(f.raw()).isZero();
        assertThat(f.now()).isEqualTo(new State(false, false, false, false));
        assertThat(f.sinceBoot()).isEqualTo(new State(false, false, false, false));
        assertThat(f.now().clockReduced()).isFalse();
    }

    @Test
    void underVoltageThrottlesNowAndIsRememberedSinceBoot() {
        ThrottleFlags f = ThrottleFlags.parse(Fixtures.vcgencmd("pi3-get_throttled.txt"));
        assertThat(f.now()).isEqualTo(new State(true, false, true, false));
        assertThat(f.sinceBoot()).isEqualTo(new State(true, false, true, false));
        assertThat(f.now().clockReduced()).isTrue();
    }

    @Test
    void underVoltageAloneDoesNotCountAsAReducedClock() {
        assertThat(ThrottleFlags.parse("throttled=0x1").now().clockReduced()).isFalse();
        assertThat(ThrottleFlags.parse("throttled=0x2").now().clockReduced()).isTrue();
        assertThat(ThrottleFlags.parse("throttled=0xE0000").now().clockReduced()).isFalse();
    }

    @Test
    void theFirmwaresErrorAnswerIsRefusedNamingWhatCame() {
        assertThatThrownBy(() -> ThrottleFlags.parse(Fixtures.vcgencmd("pi5-command-not-registered.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Command not registered");
        assertThatThrownBy(() -> ThrottleFlags.parse("throttled=notahex")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThrottleFlags.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
