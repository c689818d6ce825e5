package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTest {
    private final Health health = new Health();
    private final List<Health.State> changes = new ArrayList<>();

    HealthTest() {
        health.onChange(changes::add);
    }

    @Test
    void degradedWhileAnyComponentIsWithEveryReasonAndOkWhenAllAreBack() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        health.bindTo(registry);
        assertThat(registry.get("edgeinfer.health.degraded").gauge().value()).isZero();
        health.degraded("source", "adxl345 gone");
        health.degraded("trigger", "pin 17 busy");
        assertThat(health.state()).isEqualTo(new Health.State(true, "adxl345 gone; pin 17 busy"));
        assertThat(registry.get("edgeinfer.health.degraded").gauge().value()).isEqualTo(1);
        health.ok("source");
        assertThat(health.state().reason()).isEqualTo("pin 17 busy");
        health.ok("trigger");
        assertThat(health.state()).isEqualTo(Health.State.OK);
        assertThat(changes).extracting(Health.State::key).containsExactly("degraded", "degraded", "degraded", "ok");
    }

    @Test
    void repeatsAreNotChanges() {
        health.ok("source");
        health.degraded("source", "x");
        health.degraded("source", "x");
        health.ok("source");
        health.ok("source");
        assertThat(changes).extracting(Health.State::key).containsExactly("degraded", "ok");
    }
}
