package io.edgeinfer.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import io.edgeinfer.config.GpioTriggerConfig;
import io.edgeinfer.config.GpioTriggerConfig.Level;
import io.edgeinfer.config.GpioTriggerConfig.Mode;
import io.edgeinfer.config.GpioTriggerConfig.Pull;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.Timebase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The GPIO trigger through Pi4J's mock digital input: debouncing, levels, and a pin it cannot open. */
class GpioTriggerTest {
    private final SimulatedBoard board = new SimulatedBoard();
    private final Context context = board.newContext();
    private final Timebase time = new Timebase(Clock.systemUTC());
    private final Health health = new Health();
    private GpioTrigger trigger;

    @AfterEach
    void close() {
        if (trigger != null) {
            trigger.close();
        }
        context.shutdown();
    }

    private GpioTrigger start(int pin, Level active, double debounceMs) {
        GpioTriggerConfig c = new GpioTriggerConfig(Path.of("/dev/gpiochip0"), pin, Mode.GATE, active, Pull.DOWN,
                debounceMs);
        trigger = new GpioTrigger(context, c, time, health);
        trigger.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> board.inputOpen(pin));
        return trigger;
    }

    @Test
    void aChangeCountsOnceItHeldForTheDebounceTimeAndIsDatedToItsStart() {
        GpioTrigger t = start(17, Level.HIGH, 50);
        await().atMost(Duration.ofSeconds(2)).until(() -> t.activeSince() == Long.MAX_VALUE);
        long before = time.nowNanos();
        board.setInput(17, true);
        long after = time.nowNanos();
        assertThat(t.activeSince()).as("not yet: still within the debounce time").isEqualTo(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(2)).until(() -> t.activeSince() != Long.MAX_VALUE);
        assertThat(t.activeSince()).isBetween(before, after);
        assertThat(t.lastActivation()).isEqualTo(t.activeSince());
        board.setInput(17, false);
        await().atMost(Duration.ofSeconds(2)).until(() -> t.activeSince() == Long.MAX_VALUE);
        assertThat(t.lastActivation()).isBetween(before, after);
    }

    @Test
    void bouncesShorterThanTheDebounceTimeAreIgnored() {
        GpioTrigger t = start(5, Level.HIGH, 80);
        for (int i = 0; i < 5; i++) {
            board.setInput(5, true);
            board.setInput(5, false);
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> t.activeSince() == Long.MAX_VALUE && t.lastActivation() == Long.MIN_VALUE);
    }

    @Test
    void activeLowCountsALowInputAsActiveFromTheStart() {
        board.setInput(4, false);
        GpioTrigger t = start(4, Level.LOW, 20);
        await().atMost(Duration.ofSeconds(2)).until(() -> t.activeSince() != Long.MAX_VALUE);
        board.setInput(4, true);
        await().atMost(Duration.ofSeconds(2)).until(() -> t.activeSince() == Long.MAX_VALUE);
    }

    @Test
    void aPinThatCannotBeOpenedIsDegradedAndRetried() {
        // Someone else holds the pin's id in the context, as another process would hold the line.
        DigitalInput other = context.create(DigitalInput.newConfigBuilder(context).id("edgeinfer-trigger-9").address(
                9));
        GpioTriggerConfig c = new GpioTriggerConfig(Path.of("/dev/gpiochip0"), 9, Mode.GATE, Level.HIGH, Pull.DOWN, 0);
        trigger = new GpioTrigger(context, c, time, health);
        trigger.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> health.state().degraded());
        assertThat(health.state().reason()).contains("GPIO trigger on pin 9", "the gate stays closed");
        assertThat(trigger.activeSince()).isEqualTo(Long.MAX_VALUE);
        context.shutdown(other.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> !health.state().degraded());
    }
}
