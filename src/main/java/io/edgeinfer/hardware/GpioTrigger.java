package io.edgeinfer.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import io.edgeinfer.config.GpioTriggerConfig;
import io.edgeinfer.sensor.Backoff;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.Timebase;
import io.edgeinfer.sensor.TriggerInput;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GPIO input through Pi4J (gpiod on a board), debounced here rather than by the provider so it
 * behaves the same on every provider: a change counts once the input has held its new level for
 * {@code debounce_ms}, and it is dated to when that level began. If the pin cannot be opened the
 * trigger reports itself degraded, stays inactive (nothing passes a closed gate), and retries.
 */
public final class GpioTrigger implements TriggerInput {
    private static final Logger LOG = LoggerFactory.getLogger(GpioTrigger.class);
    static final String COMPONENT = "trigger";

    private final Context context;
    private final GpioTriggerConfig config;
    private final Timebase time;
    private final Health health;
    private final Backoff backoff = Backoff.standard();
    private final ScheduledExecutorService timer;
    private final long debounceNanos;
    private DigitalInput input;
    private boolean rawActive;
    private long rawSince;
    private long generation;
    private volatile long activeSince = Long.MAX_VALUE;
    private volatile long lastActivation = Long.MIN_VALUE;
    private volatile boolean closed;

    public GpioTrigger(Context context, GpioTriggerConfig config, Timebase time, Health health) {
        this.context = context;
        this.config = config;
        this.time = time;
        this.health = health;
        this.debounceNanos = Math.round(config.debounceMs() * 1e6);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeinfer-trigger");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start() {
        timer.execute(this::open);
    }

    private void open() {
        if (closed) {
            return;
        }
        try {
            DigitalInput in = context.create(DigitalInput.newConfigBuilder(context)
                    .id("edgeinfer-trigger-" + config.pin())
                    .address(config.pin())
                    .pull(pull())
                    .debounce(0L)
                    .build());
            synchronized (this) {
                input = in;
            }
            in.addListener(e -> raw(e.state()));
            accept(isActive(in.state()), time.nowNanos());
            health.ok(COMPONENT);
            LOG.info("GPIO {} trigger ({}) on pin {}", config.mode().key(), config.active().key(), config.pin());
        } catch (RuntimeException e) {
            long wait = backoff.nextMillis();
            health.degraded(COMPONENT, "GPIO trigger on pin " + config.pin() + " (" + config.chip() + "): "
                    + e.getMessage() + " (retrying; the gate stays closed)");
            timer.schedule(this::open, wait, TimeUnit.MILLISECONDS);
        }
    }

    private PullResistance pull() {
        return switch (config.pull()) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
    }

    private boolean isActive(DigitalState s) {
        return (s == DigitalState.HIGH) == (config.active() == GpioTriggerConfig.Level.HIGH);
    }

    /** A raw edge from the provider's thread: accepted once the level has held for the debounce time. */
    private void raw(DigitalState s) {
        long now = time.nowNanos();
        long g;
        synchronized (this) {
            rawActive = isActive(s);
            rawSince = now;
            g = ++generation;
        }
        if (debounceNanos == 0) {
            settle(g);
        } else if (!closed) {
            timer.schedule(() -> settle(g), debounceNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void settle(long g) {
        boolean active;
        long since;
        synchronized (this) {
            if (g != generation) {
                return; // it bounced again: the later check decides
            }
            active = rawActive;
            since = rawSince;
        }
        accept(active, since);
    }

    private synchronized void accept(boolean active, long since) {
        boolean wasActive = activeSince != Long.MAX_VALUE;
        if (active && !wasActive) {
            lastActivation = since;
            activeSince = since;
        } else if (!active && wasActive) {
            activeSince = Long.MAX_VALUE;
        }
    }

    @Override
    public long activeSince() {
        return activeSince;
    }

    @Override
    public long lastActivation() {
        return lastActivation;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        DigitalInput in;
        synchronized (this) {
            in = input;
            input = null;
        }
        if (in != null) {
            Buses.release(context, in.id());
        }
    }
}
