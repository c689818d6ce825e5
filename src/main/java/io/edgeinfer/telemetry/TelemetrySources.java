package io.edgeinfer.telemetry;

import com.pi4j.context.Context;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.hardware.Pi4jBoard;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.telemetry.board.CommandRunner;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.Thermals;
import io.edgeinfer.telemetry.board.Vcgencmd;
import io.edgeinfer.telemetry.power.EstimateMeter;
import io.edgeinfer.telemetry.power.PowerMeter;
import io.edgeinfer.telemetry.power.PowerMeterException;
import io.edgeinfer.telemetry.power.PowerMeters;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything telemetry reads besides the pipeline: the power meter (null when off or none),
 * the idle baseline for the marginal energy figure, thermals, {@code vcgencmd} for throttling,
 * the serving model, and the outbox hook (null until an outbox exists).
 */
public record TelemetrySources(
        PowerMeter power,
        Double idleW,
        Thermals thermals,
        Vcgencmd vcgencmd,
        Supplier<ModelInfo> model,
        OutboxStats outbox,
        LongSupplier nanoClock,
        Supplier<SourceStats.Snapshot> source) {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetrySources.class);

    /**
     * Finds this host's sources as {@code config} asks.
     *
     * @throws ConfigException when {@code telemetry.power} names a meter this host does not have
     */
    public static TelemetrySources detect(TelemetryConfig config, HostPaths host, CommandRunner commands,
            Supplier<ModelInfo> model, OutboxStats outbox) throws ConfigException {
        return detect(config, host, commands, model, outbox, Pi4jBoard::newContext);
    }

    /**
     * The same, with an I2C power meter reached through {@code board} (a simulated board's context in tests).
     *
     * @throws ConfigException when {@code telemetry.power} names a meter this host does not have
     */
    public static TelemetrySources detect(TelemetryConfig config, HostPaths host, CommandRunner commands,
            Supplier<ModelInfo> model, OutboxStats outbox, Supplier<Context> board) throws ConfigException {
        LongSupplier nanoClock = System::nanoTime;
        Vcgencmd vcgencmd = new Vcgencmd(commands);
        PowerMeters.Selection sel;
        try {
            sel = PowerMeters.select(config, host, vcgencmd, nanoClock, board);
        } catch (PowerMeterException e) {
            throw new ConfigException("telemetry.power", e.getMessage());
        }
        PowerMeter meter = sel.meter().orElse(null);
        Double idle = config.idleW();
        if (idle == null && meter instanceof EstimateMeter est) {
            idle = est.idleW();
        }
        Thermals thermals = new Thermals(host);
        if (meter != null) {
            LOG.info("power: {} ({})", meter.source(), meter.describe());
        } else {
            LOG.info("power: none, power_w will be null ({})", String.join("; ", sel.notes()));
        }
        LOG.info("thermals: {}", thermals.describe());
        return new TelemetrySources(meter, idle, thermals, vcgencmd, model, outbox, nanoClock, null);
    }

    /** The same sources with the input side's counters for the {@code source} field. */
    public TelemetrySources withSource(Supplier<SourceStats.Snapshot> s) {
        return new TelemetrySources(power, idleW, thermals, vcgencmd, model, outbox, nanoClock, s);
    }
}
