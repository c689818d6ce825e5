package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void waitsGrowWithinJitteredBoundsAndResetAfterSuccess() {
        Backoff b = new Backoff(100, 1000, new SplittableRandom(1));
        assertThat(b.next()).isEqualTo(100);
        long cap = 200;
        for (int i = 0; i < 10; i++) {
            assertThat(b.next()).isBetween(100L, Math.min(cap, 1000));
            cap *= 2;
        }
        b.reset();
        assertThat(b.next()).isEqualTo(100);
    }

    @Test
    void jitterSpreadsAFleet() {
        Backoff a = new Backoff(100, 10_000, new SplittableRandom(1));
        Backoff c = new Backoff(100, 10_000, new SplittableRandom(2));
        for (int i = 0; i < 5; i++) {
            a.next();
            c.next();
        }
        assertThat(a.next()).isNotEqualTo(c.next());
    }
}
