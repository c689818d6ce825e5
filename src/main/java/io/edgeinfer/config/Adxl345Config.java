package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ADXL345 3-axis accelerometer on I2C or SPI, sampled by its own clock into its 32-entry FIFO.
 *
 * @param iface {@code i2c} or {@code spi}
 * @param bus I2C bus ({@code /dev/i2c-<bus>}) or SPI bus ({@code /dev/spidev<bus>.<chip_select>})
 * @param address I2C address, 0x53 (ALT ADDRESS low) or 0x1D (high); null on SPI
 * @param chipSelect SPI chip select (CE0 = 0, CE1 = 1); null on I2C
 * @param spiSpeedHz SPI clock; null on I2C
 * @param rateHz output data rate, one the chip offers (3200 ... 6.25 Hz)
 * @param rangeG full scale, 2, 4, 8 or 16 g (full resolution: 3.9 mg per LSB at every range)
 * @param axes the axes to deliver, in channel order
 * @param watermark FIFO entries that make a batch worth reading
 * @param trigger optional GPIO gate or trigger, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Adxl345Config(
        @JsonProperty("interface") Interface iface,
        int bus,
        Integer address,
        Integer chipSelect,
        Integer spiSpeedHz,
        double rateHz,
        int rangeG,
        List<String> axes,
        int watermark,
        GpioTriggerConfig trigger) implements SourceConfig {
    public static final String TYPE = "adxl345";

    public Adxl345Config {
        axes = List.copyOf(axes);
    }

    @Override
    public int channels() {
        return axes.size();
    }

    @Override
    public List<Path> deviceNodes() {
        List<Path> nodes = new ArrayList<>();
        nodes.add(iface == Interface.I2C ? BusNodes.i2c(bus) : BusNodes.spi(bus, chipSelect));
        if (trigger != null) {
            nodes.add(trigger.chip());
        }
        return List.copyOf(nodes);
    }
}
