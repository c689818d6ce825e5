package io.edgeinfer.bench;

import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.power.PowerMeter;
import io.edgeinfer.telemetry.power.PowerMeterException;
import io.edgeinfer.telemetry.power.PowerSample;
import io.edgeinfer.telemetry.power.RaplMeter;

/**
 * What the models bench reads around each model's timed run: a telemetry power meter that counts
 * energy, and the label its figures carry ({@code rapl:package-0}, {@code rapl:psys}).
 *
 * @param source printed and written next to every energy figure
 */
public record EnergyCounter(PowerMeter meter, String source) {

    /**
     * RAPL on this host, through telemetry's reader: the {@code psys} platform zone alone where
     * there is one, else the CPU packages summed (see {@link RaplMeter}).
     *
     * @throws BenchDataException saying why RAPL is unusable here (absent in VMs and on ARM boards;
     *     {@code energy_uj} is root-only on recent kernels)
     */
    public static EnergyCounter rapl(HostPaths host) throws BenchDataException {
        RaplMeter rapl = RaplMeter.find(host).orElseThrow(() -> new BenchDataException(RaplMeter.whyMissing(host)));
        return new EnergyCounter(rapl, "rapl:" + String.join("+", rapl.domains()));
    }

    /** Joules counted since the meter's first reading; a failed reading fails the run it measures. */
    double joules() {
        PowerSample s;
        try {
            s = meter.read();
        } catch (PowerMeterException e) {
            throw new IllegalStateException(source + " cannot be read: " + e.getMessage(), e);
        }
        if (!s.isEnergy()) {
            throw new IllegalStateException(source + " reads power, not an energy counter");
        }
        return s.joules();
    }
}
