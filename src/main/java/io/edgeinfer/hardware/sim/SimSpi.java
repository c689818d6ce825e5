package io.edgeinfer.hardware.sim;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import java.util.Arrays;

/**
 * Pi4J's mock SPI with a chip behind it: each transfer is one transaction with the chip. With no
 * chip on the chip select, MISO floats high (every byte reads 0xFF), as on a board.
 */
final class SimSpi extends MockSpi {
    private final SpiChip chip;

    SimSpi(SpiProvider provider, SpiConfig config, SpiChip chip) {
        super(provider, config);
        this.chip = chip;
    }

    @Override
    public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int numberOfBytes) {
        byte[] tx = Arrays.copyOfRange(write, writeOffset, writeOffset + numberOfBytes);
        byte[] rx;
        if (chip == null) {
            rx = new byte[numberOfBytes];
            Arrays.fill(rx, (byte) 0xFF);
        } else if (!chip.answers()) {
            throw new Pi4JException("SPI transfer on bus " + config.bus().getBus() + " failed: Input/output error");
        } else {
            rx = chip.transfer(tx);
        }
        System.arraycopy(rx, 0, read, readOffset, numberOfBytes);
        return numberOfBytes;
    }
}
