package io.edgeinfer.hardware.sim;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProviderImpl;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import com.pi4j.plugin.mock.provider.spi.MockSpiProviderImpl;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Raspberry Pi's buses with simulated chips on them, behind Pi4J's mock providers: the real
 * drivers open I2C, SPI and GPIO through a Pi4J {@link Context} exactly as on a board and talk to
 * register-level chip simulators. Chips outlive contexts, so a daemon can close its context and
 * open a new one against the same chips.
 */
public final class SimulatedBoard {
    private final Map<String, I2cChip> i2c = new ConcurrentHashMap<>();
    private final Map<String, SpiChip> spi = new ConcurrentHashMap<>();
    private final Map<Integer, DigitalState> levels = new ConcurrentHashMap<>();
    private final Map<Integer, MockDigitalInput> inputs = new ConcurrentHashMap<>();

    /** Puts {@code chip} on I2C bus {@code bus} at {@code address}. */
    public SimulatedBoard attachI2c(int bus, int address, I2cChip chip) {
        i2c.put(bus + ":" + address, chip);
        return this;
    }

    /** Puts {@code chip} on SPI bus {@code bus}, chip select {@code chipSelect}. */
    public SimulatedBoard attachSpi(int bus, int chipSelect, SpiChip chip) {
        spi.put(bus + "." + chipSelect, chip);
        return this;
    }

    /** Drives GPIO {@code pin} high or low (a switch, a light barrier). */
    public void setInput(int pin, boolean high) {
        DigitalState s = high ? DigitalState.HIGH : DigitalState.LOW;
        levels.put(pin, s);
        MockDigitalInput in = inputs.get(pin);
        if (in != null) {
            in.mockState(s);
        }
    }

    /** Whether something has opened GPIO {@code pin} as an input. */
    public boolean inputOpen(int pin) {
        return inputs.containsKey(pin);
    }

    /** A Pi4J context on these buses: only the simulated providers, no auto-detection. */
    public Context newContext() {
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(new I2cProvider(), new SpiProvider(), new InputProvider())
                .build();
    }

    private final class I2cProvider extends MockI2CProviderImpl {
        @Override
        public I2C create(I2CConfig config) {
            SimI2C bus = new SimI2C(this, config, i2c.get(config.bus() + ":" + config.device()));
            context.registry().add(bus);
            return bus;
        }
    }

    private final class SpiProvider extends MockSpiProviderImpl {
        @Override
        public Spi create(SpiConfig config) {
            SimSpi bus = new SimSpi(this, config, spi.get(config.bus().getBus() + "." + config.getChipSelect()
                    .getChipSelect()));
            context.registry().add(bus);
            return bus;
        }
    }

    private final class InputProvider extends MockDigitalInputProviderImpl {
        @Override
        public DigitalInput create(DigitalInputConfig config) {
            MockDigitalInput in = new MockDigitalInput(this, config);
            context.registry().add(in);
            int pin = config.address();
            in.mockState(levels.getOrDefault(pin, DigitalState.LOW));
            inputs.put(pin, in);
            return in;
        }
    }
}
