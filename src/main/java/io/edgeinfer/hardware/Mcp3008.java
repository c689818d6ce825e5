package io.edgeinfer.hardware;

import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.sensor.FullScale;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.Timebase;
import java.util.concurrent.locks.LockSupport;

/**
 * MCP3008 driver (Microchip DS21295). One 3-byte SPI transaction per conversion: start bit,
 * single-ended + channel, then the 10-bit result after a null bit. The chip has no FIFO and no
 * clock of its own, so this driver paces conversions on the system clock and hands them over in
 * blocks of about 10 ms, stamped with the scheduled instants; the real conversions are only as
 * regular as the JVM's wake-ups (docs/BENCHMARKS.md).
 */
final class Mcp3008 implements SampleDevice {
    private static final int START = 0x01;
    private static final int SINGLE_ENDED = 0x80;
    private static final int NULL_BIT = 0x04;

    private final Mcp3008Config config;
    private final String description;
    private final BusOpener<SpiRegisters> opener;
    private final Timebase time;
    private final long periodNanos;
    private final int perBlock;
    private final byte[][] commands;
    private SpiRegisters spi;
    private long nextNanos;
    private long lost;

    Mcp3008(Mcp3008Config config, String description, BusOpener<SpiRegisters> opener, Timebase time) {
        this.config = config;
        this.description = description;
        this.opener = opener;
        this.time = time;
        this.periodNanos = Math.round(1e9 / config.rateHz());
        this.perBlock = (int) Math.max(1, Math.round(config.rateHz() / 100));
        this.commands = new byte[config.inputs().size()][];
        for (int c = 0; c < commands.length; c++) {
            commands[c] = new byte[]{START, (byte) (SINGLE_ENDED | config.inputs().get(c) << 4), 0};
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public int channels() {
        return commands.length;
    }

    @Override
    public FullScale fullScale() {
        return FullScale.of(commands.length, 0f, (float) (1023 * config.vref() / 1024));
    }

    /**
     * The MCP3008 has no identity register; one conversion checks that something drives MISO the
     * way the chip does (a low null bit). A chip that reads all zeros is caught later as stuck.
     */
    @Override
    public void open() throws DeviceException {
        spi = opener.open();
        byte[] rx = spi.exchange(commands[0]);
        if ((rx[1] & NULL_BIT) != 0) {
            throw new DeviceException(description + ": no MCP3008 answering (null bit high: MISO floating or "
                    + "pulled up; check wiring and chip_select)");
        }
        nextNanos = System.nanoTime();
    }

    @Override
    public SampleBlock read() throws DeviceException {
        float[] values = new float[perBlock * commands.length];
        long first = 0;
        for (int i = 0; i < perBlock; i++) {
            long wait = nextNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > 2 * periodNanos) {
                // Fell behind (a long GC pause, a busy core): skip the missed instants, count them.
                long missed = -wait / periodNanos;
                lost += missed;
                nextNanos += missed * periodNanos;
            }
            if (i == 0) {
                // Stamped with the scheduled instant: the conversion happens within the JVM's
                // wake-up jitter of it, and the sequence stays continuous unless instants were skipped.
                first = time.toEpoch(nextNanos);
            }
            for (int c = 0; c < commands.length; c++) {
                values[i * commands.length + c] = convert(commands[c]);
            }
            nextNanos += periodNanos;
        }
        return new SampleBlock(first, periodNanos, commands.length, perBlock, values);
    }

    private float convert(byte[] command) throws DeviceException {
        byte[] rx = spi.exchange(command);
        int code = ((rx[1] & 0x03) << 8) | (rx[2] & 0xFF);
        return (float) (code * config.vref() / 1024);
    }

    /** {@link #read} paces itself. */
    @Override
    public long pollNanos() {
        return 0;
    }

    @Override
    public long takeLost() {
        long l = lost;
        lost = 0;
        return l;
    }

    @Override
    public void close() {
        if (spi != null) {
            spi.close();
            spi = null;
        }
    }
}
