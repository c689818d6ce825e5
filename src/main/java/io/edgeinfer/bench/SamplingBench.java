package io.edgeinfer.bench;

import com.pi4j.context.Context;
import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.config.Interface;
import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.data.Quantiles;
import io.edgeinfer.hardware.Chips;
import io.edgeinfer.hardware.sim.Adxl345Sim;
import io.edgeinfer.hardware.sim.Mcp3008Sim;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.SensorSource;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.sensor.Timebase;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Sampling quality of the two acquisition paths, each through its real driver, Pi4J and a simulated
 * chip: the ADXL345's FIFO (the chip's clock takes the samples; Java only drains) against the
 * MCP3008 paced by the JVM (each sample is a wake-up). The FIFO chip tags every sample with its
 * number, so lost samples and timestamp errors are exact.
 */
public final class SamplingBench {
    private SamplingBench() {
    }

    /**
     * One run of one path. Gaps and errors in microseconds.
     *
     * @param gapP99Us 99th percentile of |gap between consecutive samples - period|
     * @param errorP99Us FIFO: 99th percentile of |timestamp - true instant| (less the median offset)
     */
    public record Result(String path, long samples, long lost, double seconds, double achievedHz, double gapP99Us,
            double gapMaxUs, double errorP99Us) {
    }

    /** The ADXL345 FIFO path over I2C at {@code rateHz} for {@code seconds}. */
    public static Result fifo(double rateHz, double seconds) throws InterruptedException {
        SimulatedBoard board = new SimulatedBoard();
        // The sample number in x (low 12 bits) and y (high 12 bits): +-16 g has 13-bit codes.
        Adxl345Sim chip = new Adxl345Sim((index, nanoTime, out) -> {
            out[0] = (index & 0xFFF) / 256.0;
            out[1] = ((index >> 12) & 0xFFF) / 256.0;
            out[2] = 1;
        });
        board.attachI2c(1, 0x53, chip);
        Timebase time = new Timebase(Clock.systemUTC());
        Context context = board.newContext();
        int n = (int) (rateHz * seconds * 1.1) + 64;
        long[] index = new long[n];
        long[] stamp = new long[n];
        int[] got = new int[1];
        Adxl345Config c = new Adxl345Config(Interface.I2C, 1, 0x53, null, null, rateHz, 16, List.of("x", "y", "z"), 16,
                null);
        SensorSource source = Chips.source(c, context, time, new Health(), new SourceStats());
        long start = System.nanoTime();
        try {
            source.start(b -> collect(b, index, stamp, got));
            Thread.sleep(Math.round(seconds * 1000));
        } finally {
            source.close();
            context.shutdown();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        int k = got[0];
        long[] error = new long[k];
        for (int i = 0; i < k; i++) {
            error[i] = stamp[i] - time.toEpoch(chip.sampleNanos(index[i]));
        }
        long offset = k == 0 ? 0 : Math.round(Quantiles.median(Arrays.stream(error).asDoubleStream().toArray()));
        for (int i = 0; i < k; i++) {
            error[i] = Math.abs(error[i] - offset);
        }
        long lost = k == 0 ? 0 : index[k - 1] + 1 - k;
        return result("FIFO (ADXL345, chip clock)", stamp, k, lost, wall, rateHz, error);
    }

    private static void collect(SampleBlock b, long[] index, long[] stamp, int[] got) {
        for (int i = 0; i < b.count() && got[0] < index.length; i++) {
            long lo = Math.round(b.values()[i * 3] * 256);
            long hi = Math.round(b.values()[i * 3 + 1] * 256);
            index[got[0]] = lo | hi << 12;
            stamp[got[0]] = b.timestampNanos(i);
            got[0]++;
        }
    }

    /** The MCP3008 path over SPI, one input, the JVM pacing every conversion. */
    public static Result timed(double rateHz, double seconds) throws InterruptedException {
        SimulatedBoard board = new SimulatedBoard();
        Mcp3008Sim chip = new Mcp3008Sim(3.3, (ch, t) -> 1.0);
        int n = (int) (rateHz * seconds * 1.1) + 64;
        long[] instants = new long[n];
        int[] got = new int[1];
        chip.setListener((ch, t) -> {
            if (got[0] < n) {
                instants[got[0]++] = t;
            }
        });
        board.attachSpi(0, 0, chip);
        Context context = board.newContext();
        SourceStats stats = new SourceStats();
        Mcp3008Config c = new Mcp3008Config(0, 0, 1_350_000, rateHz, List.of(0), 3.3, null);
        SensorSource source = Chips.source(c, context, new Timebase(Clock.systemUTC()), new Health(), stats);
        long start = System.nanoTime();
        try {
            source.start(b -> {
            });
            Thread.sleep(Math.round(seconds * 1000));
        } finally {
            source.close();
            context.shutdown();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        // The first conversion is the driver's probe at open, not a sample.
        long[] samples = Arrays.copyOfRange(instants, 1, Math.max(1, got[0]));
        return result("system clock (MCP3008, JVM-paced)", samples, samples.length, stats.samplesLostTotal(), wall,
                rateHz, null);
    }

    private static Result result(String path, long[] times, int k, long lost, double wall, double rateHz,
            long[] error) {
        long period = Math.round(1e9 / rateHz);
        long[] gap = new long[Math.max(0, k - 1)];
        for (int i = 1; i < k; i++) {
            gap[i - 1] = Math.abs(times[i] - times[i - 1] - period);
        }
        Arrays.sort(gap);
        double errP99 = error == null ? Double.NaN : pctUs(sortedCopy(error), 99);
        return new Result(path, k, lost, wall, k / wall, pctUs(gap, 99), gap.length == 0
                ? 0
                : gap[gap.length - 1] / 1e3,
                errP99);
    }

    private static long[] sortedCopy(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    /** Nanoseconds to microseconds; 0 for none, as the tables print it. */
    private static double pctUs(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : Quantiles.percentile(sorted, p) / 1e3;
    }
}
