package io.edgeinfer.telemetry;

import io.edgeinfer.telemetry.power.EnergyIntegrator;
import io.edgeinfer.telemetry.power.EnergyIntegrator.Interval;
import io.edgeinfer.telemetry.power.PowerMeter;
import io.edgeinfer.telemetry.power.PowerMeterException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the power meter on the telemetry scheduler and integrates the readings. A failed reading
 * is counted and leaves a gap; the first failure after a good run is logged as a warning, the rest
 * at debug, so a meter that went away does not flood the log.
 */
final class PowerSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PowerSampler.class);

    private final PowerMeter meter;
    private final EnergyIntegrator integrator;
    private long failures;
    private boolean failing;

    PowerSampler(PowerMeter meter, LongSupplier nanoClock) {
        this.meter = meter;
        this.integrator = new EnergyIntegrator(nanoClock);
    }

    String source() {
        return meter.source();
    }

    void sample() {
        try {
            integrator.add(meter.read());
            if (failing) {
                LOG.info("power meter {} reads again", meter.source());
                failing = false;
            }
        } catch (PowerMeterException | RuntimeException e) {
            integrator.gap();
            failures++;
            if (!failing) {
                LOG.warn("power reading failed ({} so far): {}", failures, e.getMessage());
                failing = true;
            } else {
                LOG.debug("power reading failed: {}", e.getMessage());
            }
        }
    }

    Interval take() {
        return integrator.take();
    }

    double totalJoules() {
        return integrator.totalJoules();
    }

    @Override
    public void close() {
        meter.close();
    }
}
