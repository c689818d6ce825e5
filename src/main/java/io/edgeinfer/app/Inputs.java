package io.edgeinfer.app;

import com.pi4j.context.Context;
import io.edgeinfer.camera.CameraSource;
import io.edgeinfer.camera.ImageDirSource;
import io.edgeinfer.config.CameraConfig;
import io.edgeinfer.config.CsvReplayConfig;
import io.edgeinfer.config.GpioTriggerConfig;
import io.edgeinfer.config.ImageDirConfig;
import io.edgeinfer.config.SourceConfig;
import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.hardware.Chips;
import io.edgeinfer.hardware.GpioTrigger;
import io.edgeinfer.pipeline.WindowSource;
import io.edgeinfer.sensor.Backoff;
import io.edgeinfer.sensor.CsvReplaySource;
import io.edgeinfer.sensor.GatedWindows;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SensorSource;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.sensor.Sources;
import io.edgeinfer.sensor.StreamWindows;
import io.edgeinfer.sensor.Timebase;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The input half of the composition root: builds the configured source as a {@link WindowSource}
 * (sample streams through the windower and signal check, cameras and image folders as they are),
 * behind a GPIO gate when {@code source.trigger} is set. The Pi4J context is created only when a
 * source needs the board, shared by every input that does, and closed with the inputs.
 */
public final class Inputs implements AutoCloseable {
    private final Supplier<Context> board;
    private final Clock clock;
    private final Timebase time;
    private Context context;

    /**
     * @param board opens the Pi4J context (the real board's, or a simulated one in tests), once, for
     *     every pipeline's inputs
     */
    public Inputs(Supplier<Context> board, Clock clock) {
        this.board = board;
        this.clock = clock;
        this.time = new Timebase(clock);
    }

    /** The input {@code source} names, reporting to a pipeline's {@code health} and {@code stats}. */
    WindowSource open(SourceConfig source, WindowConfig window, Health health, SourceStats stats) {
        WindowSource input;
        if (source instanceof CameraConfig c) {
            input = new CameraSource(c, time, health, stats, Backoff.standard());
        } else if (source instanceof ImageDirConfig d) {
            input = new ImageDirSource(d, time, health, stats);
        } else {
            input = new StreamWindows(sensor(source, health, stats), window, stats);
        }
        GpioTriggerConfig trigger = source.trigger();
        if (trigger != null) {
            input = new GatedWindows(input, new GpioTrigger(context(), trigger, time, health), trigger.mode(), stats);
        }
        return input;
    }

    private SensorSource sensor(SourceConfig source, Health health, SourceStats stats) {
        if (Chips.isChip(source)) {
            return Chips.source(source, context(), time, health, stats);
        }
        if (source instanceof CsvReplayConfig r) {
            return new CsvReplaySource(r, time, stats);
        }
        return Sources.create(source, clock);
    }

    private synchronized Context context() {
        if (context == null) {
            context = board.get();
        }
        return context;
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.shutdown();
            context = null;
        }
    }
}
