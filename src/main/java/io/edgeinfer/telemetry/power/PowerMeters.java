package io.edgeinfer.telemetry.power;

import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import io.edgeinfer.telemetry.board.BoardModel;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.Vcgencmd;
import io.edgeinfer.telemetry.power.BoardPowerTable.BoardPower;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Picks the power meter {@code telemetry.power} asks for. {@code auto} tries, in order of how
 * directly they measure the board: {@code pmic}, {@code hwmon} (supply-path monitor chips and power
 * supplies only), {@code rapl}, {@code estimate} (known board or configured watts); the first that
 * gives a reading wins. An explicit choice that this host cannot serve is an error, not a silent
 * fallback.
 */
public final class PowerMeters {
    private PowerMeters() {}

    /** What {@link #select} found: the meter (empty when off or none available) and why. */
    public record Selection(Optional<PowerMeter> meter, List<String> notes) {}

    /**
     * @throws PowerMeterException when an explicitly chosen meter is not available here
     */
    public static Selection select(TelemetryConfig config, HostPaths host, Vcgencmd vcgencmd, LongSupplier nanoClock)
            throws PowerMeterException {
        PowerMode mode = config.power();
        List<String> notes = new ArrayList<>();
        if (mode == PowerMode.OFF) {
            return new Selection(Optional.empty(), List.of("power metering off (telemetry.power: off)"));
        }
        List<PowerMode> order = mode == PowerMode.AUTO
                ? List.of(PowerMode.PMIC, PowerMode.HWMON, PowerMode.RAPL, PowerMode.ESTIMATE)
                : List.of(mode);
        for (PowerMode m : order) {
            try {
                PowerMeter meter = candidate(m, mode == PowerMode.AUTO, config, host, vcgencmd, nanoClock);
                meter.read();
                return new Selection(Optional.of(meter), notes);
            } catch (PowerMeterException e) {
                if (mode != PowerMode.AUTO) {
                    throw new PowerMeterException(m.key() + " is not available on this host: " + e.getMessage(), e);
                }
                notes.add(m.key() + ": " + e.getMessage());
            }
        }
        return new Selection(Optional.empty(), notes);
    }

    private static PowerMeter candidate(PowerMode m, boolean auto, TelemetryConfig config, HostPaths host, Vcgencmd vcgencmd,
            LongSupplier nanoClock) throws PowerMeterException {
        return switch (m) {
            case PMIC -> new PmicMeter(vcgencmd);
            case HWMON -> HwmonMeter.find(host, config.hwmonName(), auto && config.hwmonName() == null)
                    .orElseThrow(() -> new PowerMeterException(config.hwmonName() != null
                            ? "no hwmon device or power supply named '" + config.hwmonName() + "' reports power"
                            : auto ? "no supply-path monitor chip or power supply reports power"
                                    : "no hwmon device or power supply reports power"));
            case RAPL -> RaplMeter.find(host).orElseThrow(() -> new PowerMeterException(RaplMeter.whyMissing(host)));
            case ESTIMATE -> estimate(config, host, nanoClock);
            default -> throw new IllegalArgumentException(m.toString());
        };
    }

    private static EstimateMeter estimate(TelemetryConfig config, HostPaths host, LongSupplier nanoClock)
            throws PowerMeterException {
        var stat = host.proc().resolve("stat");
        if (config.idleW() != null && config.fullW() != null) {
            return new EstimateMeter(config.idleW(), config.fullW(), "telemetry.idle_w/full_w", stat, nanoClock);
        }
        String model = BoardModel.read(host);
        Optional<BoardPower> board = BoardPowerTable.lookup(model);
        if (board.isEmpty()) {
            throw new PowerMeterException("board '" + (model == null ? "unknown (no device tree)" : model)
                    + "' is not in the board table: set telemetry.idle_w and telemetry.full_w");
        }
        double idle = config.idleW() != null ? config.idleW() : board.get().idleW();
        if (idle >= board.get().fullW()) {
            throw new PowerMeterException("telemetry.idle_w " + idle + " W is not below the board's full load "
                    + board.get().fullW() + " W: set telemetry.full_w too");
        }
        return new EstimateMeter(idle, board.get().fullW(), "board table: " + board.get().board(), stat, nanoClock);
    }
}
