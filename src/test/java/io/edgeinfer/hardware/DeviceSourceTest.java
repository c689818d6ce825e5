package io.edgeinfer.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import io.edgeinfer.hardware.sim.Adxl345Sim;
import io.edgeinfer.hardware.sim.ChipSignal;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.sensor.Backoff;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.sensor.Timebase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults at the bus: the source degrades with a reason, retries with backoff, and recovers by itself. */
class DeviceSourceTest {
    private final SimulatedBoard board = new SimulatedBoard();
    private final Context context = board.newContext();
    private final Health health = new Health();
    private final SourceStats stats = new SourceStats();
    private final List<SampleBlock> blocks = new CopyOnWriteArrayList<>();
    private final List<Health.State> changes = new CopyOnWriteArrayList<>();
    private final Adxl345Sim chip = new Adxl345Sim(ChipSignal.constant(0, 0, 1));
    private DeviceSource source;

    DeviceSourceTest() {
        board.attachI2c(1, 0x53, chip);
        health.onChange(changes::add);
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
        context.shutdown();
    }

    private void start() {
        SampleDevice d = Chips.device(Adxl345Test.i2c(400, 2, 16), context, new Timebase(Clock.systemUTC()));
        source = new DeviceSource(d, 400, health, stats, new Backoff(20, 200));
        source.start(blocks::add);
    }

    @Test
    void aChipMissingAtStartIsDegradedWithTheReasonAndRecoversOncePluggedIn() {
        chip.setPresent(false);
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.readErrorsTotal() >= 3);
        assertThat(health.state().degraded()).isTrue();
        assertThat(health.state().reason()).contains("ADXL345 at 0x53 on /dev/i2c-1 not answering", "Remote I/O error",
                "retrying",
                "`i2cdetect -y 1` shows 53");
        assertThat(blocks).isEmpty();

        chip.setPresent(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !blocks.isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> !health.state().degraded());
        assertThat(changes.get(changes.size() - 1).degraded()).isFalse();
        assertThat(changes.subList(0, changes.size() - 1)).isNotEmpty().allMatch(Health.State::degraded);
    }

    @Test
    void aBusFaultWhileRunningDegradesThenRecoversBySelf() {
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> blocks.size() >= 2);
        chip.setFailing(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> health.state().degraded());
        assertThat(health.state().reason()).contains("Input/output error");
        long errors = stats.readErrorsTotal();
        assertThat(errors).isPositive();

        chip.setFailing(false);
        int before = blocks.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> !health.state().degraded() && blocks.size() > before);
        // After recovery the chip was initialised again from scratch (the sequence ends in measure mode).
        assertThat(chip.writes().get(chip.writes().size() - 1).value()).isEqualTo(0x08);
        // Degraded (its reason may be refined by the retries), then ok once, at the end.
        assertThat(changes.get(changes.size() - 1).key()).isEqualTo("ok");
        assertThat(changes.subList(0, changes.size() - 1)).isNotEmpty().allMatch(Health.State::degraded);
    }

    @Test
    void closeStopsAcquisition() {
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !blocks.isEmpty());
        source.close();
        int n = blocks.size();
        long produced = chip.produced();
        await().atMost(Duration.ofSeconds(2)).until(() -> chip.produced() > produced + 10);
        assertThat(blocks).hasSize(n);
    }
}
