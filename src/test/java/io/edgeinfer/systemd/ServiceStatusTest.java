package io.edgeinfer.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceStatusTest {
    @Test
    void theRateIsMeasuredSinceThePreviousLine() {
        AtomicLong clock = new AtomicLong(0);
        AtomicLong inferred = new AtomicLong(10);
        AtomicLong dropped = new AtomicLong(0);
        ServiceStatus s = new ServiceStatus("vibration-mlp 1.0.0", inferred::get, dropped::get, clock::get);
        clock.set(2_000_000_000L);
        inferred.set(16);
        assertThat(s.line()).isEqualTo("model vibration-mlp 1.0.0: 3.0 windows/s, 16 inferred, 0 dropped");
        clock.set(12_000_000_000L);
        inferred.set(21);
        dropped.set(4);
        assertThat(s.line()).isEqualTo("model vibration-mlp 1.0.0: 0.5 windows/s, 21 inferred, 4 dropped");
    }
}
