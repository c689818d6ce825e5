package io.edgeinfer.telemetry.power;

/**
 * The port to whatever can tell how much power this board draws: the Raspberry Pi 5 PMIC, a hwmon
 * chip or power supply, the CPU's RAPL energy counters, a CPU-utilisation model, or an INA219/INA260
 * shunt monitor on I2C. A meter answers with either instantaneous power or a
 * cumulative energy counter ({@link PowerSample}); {@link EnergyIntegrator} turns either into
 * energy per interval.
 *
 * <p>Meters are read only from the telemetry scheduler thread, never from the inference thread, so
 * a read may block briefly (a subprocess, a bus transfer). A failed read skips one sample; it never
 * becomes a made-up number.
 */
public interface PowerMeter extends AutoCloseable {

    /** Published as {@code power_source}: {@code ina219}, {@code ina260}, {@code pmic}, {@code hwmon}, {@code rapl}, {@code estimate} */
    String source();

    /** What exactly is measured (device, rails, model), for the start-up log line. */
    String describe();

    /**
     * One reading, now.
     *
     * @throws PowerMeterException when this reading cannot be had
     */
    PowerSample read() throws PowerMeterException;

    /** Releases the device (a bus handle, say). Idempotent. */
    @Override
    default void close() {
    }
}
