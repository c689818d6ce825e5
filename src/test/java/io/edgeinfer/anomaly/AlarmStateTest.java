package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlarmStateTest {
    private static boolean feed(AlarmState a, String pattern) {
        boolean on = false;
        for (char c : pattern.toCharArray()) {
            on = a.update(c == '1');
        }
        return on;
    }

    @Test
    void threeOfTheLastFiveRaiseTwoDoNot() {
        assertThat(feed(new AlarmState(3, 5, 10), "1010000100")).isFalse();
        assertThat(feed(new AlarmState(3, 5, 10), "10101")).isTrue();
        assertThat(feed(new AlarmState(3, 5, 10), "100011")).isFalse();
    }

    @Test
    void anAlarmClearsOnlyAfterTenWindowsInARowBelow() {
        AlarmState a = new AlarmState(3, 5, 10);
        assertThat(feed(a, "111")).isTrue();
        assertThat(feed(a, "000000000")).isTrue();
        assertThat(feed(a, "1")).isTrue();
        assertThat(feed(a, "000000000")).isTrue();
        assertThat(feed(a, "0")).isFalse();
        assertThat(feed(a, "11")).isFalse();
    }

    @Test
    void aResetForgetsEverything() {
        AlarmState a = new AlarmState(2, 3, 1);
        feed(a, "11");
        a.reset();
        assertThat(a.alarm()).isFalse();
        assertThat(feed(a, "1")).isFalse();
    }
}
