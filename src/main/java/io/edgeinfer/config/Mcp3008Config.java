package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An MCP3008 8-channel 10-bit ADC on SPI for analogue sensors (piezo vibration, current clamps).
 * It has no FIFO: samples are taken on the daemon's clock (docs/sensors.md).
 *
 * @param bus SPI bus ({@code /dev/spidev<bus>.<chip_select>})
 * @param chipSelect CE0 = 0, CE1 = 1
 * @param spiSpeedHz SPI clock (1.35 MHz is the chip's limit at 2.7 V, 3.6 MHz at 5 V)
 * @param rateHz samples per second per channel
 * @param inputs the ADC inputs (0-7, single-ended) to read, in channel order
 * @param vref the reference voltage: values are in volts, {@code code * vref / 1024}
 * @param trigger optional GPIO gate or trigger, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mcp3008Config(int bus, int chipSelect, int spiSpeedHz, double rateHz, List<Integer> inputs, double vref,
        GpioTriggerConfig trigger) implements SourceConfig {
    public static final String TYPE = "mcp3008";

    public Mcp3008Config {
        inputs = List.copyOf(inputs);
    }

    @Override
    public int channels() {
        return inputs.size();
    }

    @Override
    public List<Path> deviceNodes() {
        List<Path> nodes = new ArrayList<>();
        nodes.add(BusNodes.spi(bus, chipSelect));
        if (trigger != null) {
            nodes.add(trigger.chip());
        }
        return List.copyOf(nodes);
    }
}
