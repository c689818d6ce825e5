package io.edgeinfer.telemetry.power;

/**
 * One reading of an INA power monitor, in SI units. Current is signed (negative when it flows from
 * IN- to IN+); power is the chip's own product of |current| and bus voltage, so never negative.
 */
public record InaReading(double volts, double amps, double watts) {
}
