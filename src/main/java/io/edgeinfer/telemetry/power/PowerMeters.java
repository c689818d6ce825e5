package io.edgeinfer.telemetry.power;

import com.pi4j.context.Context;
import io.edgeinfer.config.InaConfig;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import io.edgeinfer.hardware.Pi4jBoard;
import io.edgeinfer.telemetry.board.BoardModel;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.Vcgencmd;
import io.edgeinfer.telemetry.power.BoardPowerTable.BoardPower;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Picks the power meter {@code telemetry.power} asks for. {@code auto} tries, in order of how
 * directly they measure the board: the INA219/INA260 of a {@code telemetry.ina219}/{@code ina260}
 * section (only when one is configured: {@code auto} never probes I2C addresses blindly, since
 * another chip may sit there), {@code pmic}, {@code hwmon} (supply-path monitor chips and power
 * supplies only), {@code rapl}, {@code estimate} (known board or configured watts); the first that
 * gives a reading wins. An explicit choice that this host cannot serve is an error, not a silent
 * fallback.
 */
public final class PowerMeters {
    private PowerMeters() {
    }

    /** What {@link #select} found: the meter (empty when off or none available) and why. */
    public record Selection(Optional<PowerMeter> meter, List<String> notes) {
    }

    /** The same, with I2C meters on this board's buses ({@link Pi4jBoard}). */
    public static Selection select(TelemetryConfig config, HostPaths host, Vcgencmd vcgencmd, LongSupplier nanoClock)
            throws PowerMeterException {
        return select(config, host, vcgencmd, nanoClock, Pi4jBoard::newContext);
    }

    /**
     * @param board opens a Pi4J context for an I2C meter (the real board's, or a simulated one)
     * @throws PowerMeterException when an explicitly chosen meter is not available here
     */
    public static Selection select(TelemetryConfig config, HostPaths host, Vcgencmd vcgencmd, LongSupplier nanoClock,
            Supplier<Context> board) throws PowerMeterException {
        PowerMode mode = config.power();
        List<String> notes = new ArrayList<>();
        if (mode == PowerMode.OFF) {
            return new Selection(Optional.empty(), List.of("power metering off (telemetry.power: off)"));
        }
        for (PowerMode m : order(config)) {
            try {
                PowerMeter meter = candidate(m, mode == PowerMode.AUTO, config, host, vcgencmd, nanoClock, board);
                try {
                    meter.read();
                } catch (PowerMeterException e) {
                    meter.close();
                    throw e;
                }
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

    /** The meters to try: the one asked for, or auto's order (a configured INA first). */
    private static List<PowerMode> order(TelemetryConfig config) {
        if (config.power() != PowerMode.AUTO) {
            return List.of(config.power());
        }
        List<PowerMode> order = new ArrayList<>();
        if (config.ina() != null) {
            order.add(config.ina().chip() == InaConfig.Chip.INA219 ? PowerMode.INA219 : PowerMode.INA260);
        }
        order.addAll(List.of(PowerMode.PMIC, PowerMode.HWMON, PowerMode.RAPL, PowerMode.ESTIMATE));
        return order;
    }

    private static PowerMeter candidate(PowerMode m, boolean auto, TelemetryConfig config, HostPaths host,
            Vcgencmd vcgencmd,
            LongSupplier nanoClock, Supplier<Context> board) throws PowerMeterException {
        return switch (m) {
            case INA219, INA260 -> InaMeters.open(ina(config, m), board);
            case PMIC -> new PmicMeter(vcgencmd);
            case HWMON -> HwmonMeter.find(host, config.hwmonName(), auto && config.hwmonName() == null)
                    .orElseThrow(() -> new PowerMeterException(config.hwmonName() != null
                            ? "no hwmon device or power supply named '" + config.hwmonName() + "' reports power"
                            : auto
                                    ? "no supply-path monitor chip or power supply reports power"
                                    : "no hwmon device or power supply reports power"));
            case RAPL -> RaplMeter.find(host).orElseThrow(() -> new PowerMeterException(RaplMeter.whyMissing(host)));
            case ESTIMATE -> estimate(config, host, nanoClock);
            default -> throw new IllegalArgumentException(m.toString());
        };
    }

    /** The configured monitor, or the chip at its defaults (bus 1, 0x40) when only the mode names it. */
    private static InaConfig ina(TelemetryConfig config, PowerMode m) {
        InaConfig.Chip chip = m == PowerMode.INA219 ? InaConfig.Chip.INA219 : InaConfig.Chip.INA260;
        return config.ina() != null && config.ina().chip() == chip ? config.ina() : InaConfig.defaults(chip);
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
