package io.edgeinfer.config;

/** @param intervalS seconds between telemetry messages */
public record TelemetryConfig(double intervalS) {}
