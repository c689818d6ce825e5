package io.edgeinfer.telemetry.power;

import io.edgeinfer.telemetry.board.Vcgencmd;
import java.io.IOException;

/**
 * Raspberry Pi 5: the PMIC's own ADC through {@code vcgencmd pmic_read_adc}, summed over its rails
 * (SoC core, DRAM, 0V8/1V1/1V8/3V3 system rails, Wi-Fi, HDMI). It meters the PMIC's outputs, so
 * it leaves out the regulators' conversion losses and whatever the 5 V input feeds directly (USB
 * ports, fan): it reads lower than a meter at the wall (docs/telemetry.md).
 */
public final class PmicMeter implements PowerMeter {
    private final Vcgencmd vcgencmd;

    public PmicMeter(Vcgencmd vcgencmd) {
        this.vcgencmd = vcgencmd;
    }

    @Override
    public String source() {
        return "pmic";
    }

    @Override
    public String describe() {
        return "Raspberry Pi PMIC rails (vcgencmd pmic_read_adc, sum of V x A)";
    }

    @Override
    public PowerSample read() throws PowerMeterException {
        String out;
        try {
            out = vcgencmd.run("pmic_read_adc");
        } catch (IOException e) {
            throw new PowerMeterException("vcgencmd pmic_read_adc failed: " + e.getMessage(), e);
        }
        return PowerSample.power(PmicAdc.totalWatts(out));
    }
}
