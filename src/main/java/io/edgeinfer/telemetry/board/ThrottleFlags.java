package io.edgeinfer.telemetry.board;

import io.edgeinfer.mqtt.TelemetryMessage;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Raspberry Pi firmware's throttling bits from {@code vcgencmd get_throttled}
 * ({@code throttled=0x50005}): bits 0-3 say what holds now, bits 16-19 what has happened since boot.
 */
public record ThrottleFlags(int raw) {
    private static final Pattern OUTPUT = Pattern.compile("^\\s*throttled=0x([0-9a-fA-F]{1,8})\\s*$");
    private static final int SINCE_BOOT_SHIFT = 16;

    /** The four conditions the firmware reports, each for "now" or "since boot". */
    public record State(boolean underVoltage, boolean freqCapped, boolean throttled, boolean softTempLimit) {
        static State of(int bits) {
            return new State((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
        }

        TelemetryMessage.Conditions message() {
            return new TelemetryMessage.Conditions(underVoltage, freqCapped, throttled, softTempLimit);
        }

        /** True when the ARM clock is held down: capped, throttled or at the soft temperature limit. */
        public boolean clockReduced() {
            return freqCapped || throttled || softTempLimit;
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not a {@code throttled=0x...} line (for
     *     instance the firmware's {@code error=1 error_msg="..."} answer)
     */
    public static ThrottleFlags parse(String output) {
        Matcher m = OUTPUT.matcher(output.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("unrecognised get_throttled output: '" + output.strip() + "'");
        }
        return new ThrottleFlags((int) Long.parseLong(m.group(1), 16));
    }

    public State now() {
        return State.of(raw);
    }

    public State sinceBoot() {
        return State.of(raw >>> SINCE_BOOT_SHIFT);
    }

    /** These flags as telemetry reports them. */
    public TelemetryMessage.Throttled message() {
        return new TelemetryMessage.Throttled(hex(), now().message(), sinceBoot().message());
    }

    public String hex() {
        return "0x" + Integer.toHexString(raw).toLowerCase(Locale.ROOT);
    }
}
