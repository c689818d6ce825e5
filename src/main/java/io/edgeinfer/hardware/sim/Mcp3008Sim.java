package io.edgeinfer.hardware.sim;

import java.util.Arrays;

/**
 * An MCP3008 at transaction level (DS21295, "Using the MCP3008 with Microcontroller SPI Ports"):
 * a 3-byte transfer with the start bit, single-ended/differential and the channel in, and the null
 * bit plus the 10-bit code out. Each conversion reads the analogue input at the moment of the
 * transfer, so the spacing of samples is whatever the driver's timing made it; a listener sees
 * every conversion instant. Unplugged, MISO floats high and every byte reads 0xFF.
 */
public final class Mcp3008Sim implements SpiChip {
    private final double vref;
    private volatile Analog input;
    private volatile ConversionListener listener = (channel, nanoTime) -> {
    };
    private volatile boolean present = true;
    private volatile boolean failing;

    /** Volts at an input at an instant. */
    @FunctionalInterface
    public interface Analog {
        double volts(int channel, long nanoTime);
    }

    /** Told about every conversion: which input, when. */
    @FunctionalInterface
    public interface ConversionListener {
        void converted(int channel, long nanoTime);
    }

    public Mcp3008Sim(double vref, Analog input) {
        this.vref = vref;
        this.input = input;
    }

    public void setInput(Analog a) {
        input = a;
    }

    public void setListener(ConversionListener l) {
        listener = l;
    }

    public void setPresent(boolean p) {
        present = p;
    }

    public void setFailing(boolean f) {
        failing = f;
    }

    @Override
    public boolean answers() {
        return !failing;
    }

    @Override
    public byte[] transfer(byte[] tx) {
        byte[] rx = new byte[tx.length];
        if (!present) {
            Arrays.fill(rx, (byte) 0xFF);
            return rx;
        }
        if (tx.length < 3 || (tx[0] & 0x01) == 0) {
            // No start bit where the 3-byte framing puts it: the chip never starts a conversion.
            return rx;
        }
        long now = System.nanoTime();
        boolean single = (tx[1] & 0x80) != 0;
        int channel = (tx[1] >> 4) & 0x07;
        // Differential: IN+ is the channel, IN- its pair partner (CH0-CH1, CH1-CH0, CH2-CH3, ...).
        double v = single ? input.volts(channel, now) : input.volts(channel, now) - input.volts(channel ^ 1, now);
        int code = (int) Math.max(0, Math.min(1023, Math.floor(v / vref * 1024)));
        listener.converted(channel, now);
        rx[1] = (byte) ((code >> 8) & 0x03);
        rx[2] = (byte) code;
        return rx;
    }
}
