package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;

/**
 * A digital input that gates or triggers inference ({@code source.trigger}), read through Pi4J's
 * gpiod provider.
 *
 * @param chip the gpiochip device (checked at start; Pi4J itself picks the board's pinctrl chip)
 * @param pin BCM GPIO number (the line offset on the chip)
 * @param mode {@code gate}: windows pass only while the input is active; {@code edge}: one window
 *     (or camera frame) per activation
 * @param active which level counts as active
 * @param pull the pin's bias resistor
 * @param debounceMs a change counts only once the input held its new level this long
 */
public record GpioTriggerConfig(Path chip, int pin, Mode mode, Level active, Pull pull, double debounceMs) {

    /** How the input acts on the window stream. */
    public enum Mode {
        GATE("gate"), EDGE("edge");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }

    /** The active level. */
    public enum Level {
        HIGH("high"), LOW("low");

        private final String key;

        Level(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }

    /** The pin's bias. */
    public enum Pull {
        UP("up"), DOWN("down"), OFF("off");

        private final String key;

        Pull(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }
}
