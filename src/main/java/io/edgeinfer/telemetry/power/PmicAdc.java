package io.edgeinfer.telemetry.power;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code vcgencmd pmic_read_adc} (Raspberry Pi 5): one line per ADC channel, e.g.
 * {@code VDD_CORE_A current(7)=0.56259000A} and {@code VDD_CORE_V volt(15)=0.76798460V}. Rails with
 * both a current and a voltage channel yield power; {@code EXT5V} and {@code BATT} only have a
 * voltage and do not.
 */
public final class PmicAdc {
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(\\S+)_([AV])\\s+(?:current|volt)\\(\\d+\\)=([0-9]+(?:\\.[0-9]+)?)[AV]\\s*$");

    private PmicAdc() {
    }

    /** One rail's reading. */
    public record Rail(String name, double amps, double volts) {
        public double watts() {
            return amps * volts;
        }
    }

    /**
     * The rails that have both channels, in firmware order.
     *
     * @throws PowerMeterException when no rail has both (not a Pi 5, or the firmware's
     *     {@code error=... error_msg=...} answer)
     */
    public static Map<String, Rail> rails(String output) throws PowerMeterException {
        Map<String, Double> amps = new LinkedHashMap<>();
        Map<String, Double> volts = new LinkedHashMap<>();
        // The mailbox interface separates lines with NULs rather than newlines.
        for (String line : output.replace('\0', '\n').split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                (m.group(2).equals("A") ? amps : volts).put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        Map<String, Rail> rails = new LinkedHashMap<>();
        amps.forEach((name, a) -> {
            Double v = volts.get(name);
            if (v != null) {
                rails.put(name, new Rail(name, a, v));
            }
        });
        if (rails.isEmpty()) {
            String head = output.strip();
            throw new PowerMeterException("pmic_read_adc gave no rail with both current and voltage: '"
                    + (head.length() > 120 ? head.substring(0, 120) + "..." : head) + "'");
        }
        return rails;
    }

    /** Sum of volts times amps over every rail that has both. */
    public static double totalWatts(String output) throws PowerMeterException {
        return rails(output).values().stream().mapToDouble(Rail::watts).sum();
    }
}
