package io.edgeinfer.telemetry.power;

/** A power reading that could not be had: the meter is absent, unreadable, or said something unexpected. */
public final class PowerMeterException extends Exception {
    public PowerMeterException(String message) {
        super(message);
    }

    public PowerMeterException(String message, Throwable cause) {
        super(message, cause);
    }
}
