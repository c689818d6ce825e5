package io.edgeinfer.hardware;

import io.edgeinfer.sensor.AcquisitionThread;
import io.edgeinfer.sensor.Backoff;
import io.edgeinfer.sensor.FullScale;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.SensorSource;
import io.edgeinfer.sensor.SourceStats;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SampleDevice} on the acquisition thread and keeps it running: a device that is
 * missing at start or fails later is reported degraded (with the reason, on the status topic),
 * closed, and opened again with capped exponential backoff until it answers; then it is reported
 * ok. Nothing here depends on Java timing for sample times: the device's FIFO does the sampling.
 */
public final class DeviceSource implements SensorSource {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSource.class);
    static final String COMPONENT = "source";

    private final SampleDevice device;
    private final double rateHz;
    private final Health health;
    private final SourceStats stats;
    private final Backoff backoff;
    private final AcquisitionThread acquisition = new AcquisitionThread("edgeinfer-source");

    DeviceSource(SampleDevice device, double rateHz, Health health, SourceStats stats, Backoff backoff) {
        this.device = device;
        this.rateHz = rateHz;
        this.health = health;
        this.stats = stats;
        this.backoff = backoff;
    }

    @Override
    public int channels() {
        return device.channels();
    }

    @Override
    public double rateHz() {
        return rateHz;
    }

    @Override
    public FullScale fullScale() {
        return device.fullScale();
    }

    @Override
    public void start(SampleSink sink) {
        acquisition.start(() -> run(sink));
    }

    private void run(SampleSink sink) {
        try {
            while (acquisition.running()) {
                try {
                    device.open();
                    LOG.info("{} sampling at {} Hz", device.describe(), rateHz);
                    drain(sink);
                } catch (DeviceException e) {
                    device.close();
                    stats.readError();
                    long wait = backoff.nextMillis();
                    if (!health.state().degraded()) {
                        LOG.warn("{}; retrying in {} ms", e.getMessage(), wait);
                    } else {
                        LOG.debug("{}; retrying in {} ms", e.getMessage(), wait);
                    }
                    health.degraded(COMPONENT, e.getMessage() + " (retrying)");
                    TimeUnit.MILLISECONDS.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            device.close();
        }
    }

    private void drain(SampleSink sink) throws DeviceException, InterruptedException {
        boolean healthy = false;
        while (acquisition.running()) {
            SampleBlock block = device.read();
            long lost = device.takeLost();
            if (lost > 0) {
                stats.samplesLost(lost);
            }
            if (block != null) {
                if (!healthy) {
                    // Only data proves the device is back: opening alone could succeed on a wrong chip.
                    healthy = true;
                    backoff.reset();
                    if (health.state().degraded()) {
                        LOG.info("{} delivers again", device.describe());
                    }
                    health.ok(COMPONENT);
                }
                sink.accept(block);
            }
            LockSupport.parkNanos(device.pollNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    @Override
    public void close() {
        acquisition.stop(2000);
    }
}
