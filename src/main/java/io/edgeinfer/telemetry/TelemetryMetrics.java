package io.edgeinfer.telemetry;

import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.TelemetryMessage;
import io.edgeinfer.mqtt.TelemetryMessage.Throttled;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The telemetry figures as Prometheus meters, in base units (watts, joules, celsius, hertz, bytes).
 * Gauges show the last telemetry interval's values, so the scrape and the MQTT message agree; a
 * figure the board cannot tell is NaN, never zero. The energy counter exists only with a meter.
 */
final class TelemetryMetrics implements MeterBinder {
    private final String source;
    private final DoubleSupplier energyJoules;
    private volatile TelemetryMessage last;
    private volatile MultiGauge modelInfo;
    private final List<Meter> registered = new ArrayList<>();

    /**
     * @param source the power source tag ({@code none} without a meter)
     * @param energyJoules cumulative energy, or null without a meter
     */
    TelemetryMetrics(String source, DoubleSupplier energyJoules) {
        this.source = source;
        this.energyJoules = energyJoules;
    }

    void update(TelemetryMessage m) {
        last = m;
        MultiGauge info = modelInfo;
        ModelRef r = m.model();
        if (info != null && r != null) {
            info.register(List.of(MultiGauge.Row.of(Tags.of("name", r.name(), "version", r.version(), "sha256", r
                    .sha256()), 1)), true);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registered.add(Gauge.builder("edgeinfer.power", this, value(m -> m.power().powerW()))
                .description("Mean board power over the last telemetry interval").baseUnit("watts").tag("source",
                        source)
                .register(registry));
        gauge(registry, "edgeinfer.energy.per.inference", "joules",
                "Board energy attributed to one inference by busy time",
                m -> mj(m.power().energyMjPerInference()));
        gauge(registry, "edgeinfer.energy.marginal.per.inference", "joules", "Board energy above idle per inference",
                m -> mj(m.power().energyMarginalMjPerInference()));
        gauge(registry, "edgeinfer.cpu.temperature", "celsius", "CPU temperature", m -> m.thermal().cpuTempC());
        gauge(registry, "edgeinfer.cpu.frequency", "hertz", "Mean CPU clock",
                m -> m.thermal().cpuFreqMhz() == null ? null : m.thermal().cpuFreqMhz() * 1e6);
        gauge(registry, "process.resident.memory", "bytes", "Resident set size of this process",
                m -> m.process().rssMb() == null ? null : m.process().rssMb() * 1024 * 1024);
        gauge(registry, "edgeinfer.process.threads", null, "Threads of this process, native ones included",
                m -> m.process().threads() == null ? null : m.process().threads().doubleValue());
        gauge(registry, "edgeinfer.latency.degraded.throttled", null,
                "1 when inference p99 degraded while throttled (docs/telemetry.md), 0 when not, NaN when unknown",
                m -> bool(m.thermal().latencyDegradedWhileThrottled()));
        throttled(registry, "under_voltage", TelemetryMessage.Conditions::underVoltage);
        throttled(registry, "freq_capped", TelemetryMessage.Conditions::freqCapped);
        throttled(registry, "throttled", TelemetryMessage.Conditions::throttled);
        throttled(registry, "soft_temp_limit", TelemetryMessage.Conditions::softTempLimit);
        if (energyJoules != null) {
            registered.add(FunctionCounter.builder("edgeinfer.energy", energyJoules, DoubleSupplier::getAsDouble)
                    .description("Board energy measured since start").baseUnit("joules").tag("source", source)
                    .register(registry));
        }
        modelInfo = MultiGauge.builder("edgeinfer.model.info").description("The serving model (value 1)").register(
                registry);
        TelemetryMessage m = last;
        if (m != null) {
            update(m);
        }
    }

    /** Removes every meter {@link #bindTo} registered (the model-info rows included). */
    void unbind(MeterRegistry registry) {
        MultiGauge info = modelInfo;
        if (info != null) {
            info.register(List.of(), true);
            modelInfo = null;
        }
        for (Meter m : registered) {
            registry.remove(m);
        }
        registered.clear();
    }

    private void throttled(MeterRegistry registry, String condition, Predicate<TelemetryMessage.Conditions> bit) {
        for (String scope : List.of("now", "since_boot")) {
            Function<Throttled, TelemetryMessage.Conditions> pick = scope.equals("now")
                    ? Throttled::now
                    : Throttled::sinceBoot;
            registered.add(Gauge.builder("edgeinfer.throttled", this, t -> {
                TelemetryMessage m = t.last;
                Throttled th = m == null ? null : m.thermal().throttled();
                return th == null ? Double.NaN : bit.test(pick.apply(th)) ? 1 : 0;
            }).description("Raspberry Pi throttling bit (vcgencmd get_throttled); NaN off a Pi")
                    .tags("condition", condition, "scope", scope).register(registry));
        }
    }

    private void gauge(MeterRegistry registry, String name, String unit, String help,
            Function<TelemetryMessage, Double> f) {
        Gauge.Builder<TelemetryMetrics> b = Gauge.builder(name, this, value(f)).description(help);
        if (unit != null) {
            b.baseUnit(unit);
        }
        registered.add(b.register(registry));
    }

    /** The last message's figure, NaN before the first message and where it is null. */
    private static ToDoubleFunction<TelemetryMetrics> value(Function<TelemetryMessage, Double> f) {
        return t -> {
            TelemetryMessage m = t.last;
            Double v = m == null ? null : f.apply(m);
            return v == null ? Double.NaN : v;
        };
    }

    private static Double mj(Double millijoules) {
        return millijoules == null ? null : millijoules / 1000;
    }

    private static Double bool(Boolean b) {
        return b == null ? null : b ? 1.0 : 0.0;
    }
}
