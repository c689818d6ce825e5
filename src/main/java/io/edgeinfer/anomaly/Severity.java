package io.edgeinfer.anomaly;

import java.util.List;

/**
 * ISO 20816-3 severity of one window: the worst channel's r.m.s. velocity and zone, and each channel's.
 *
 * @param velocityRmsMmS the largest channel velocity, mm/s r.m.s. over 10 Hz to {@code upperHz}
 * @param zone its evaluation zone, {@code A} (new machine) to {@code D} (damage likely)
 * @param channel the channel it was measured on
 * @param upperHz the band's upper edge: 1000 Hz, or the highest bin below Nyquist when the sample
 *     rate cannot reach 1000 Hz (the velocity then misses what lies above)
 * @param channels every acceleration channel's velocity and zone
 */
public record Severity(double velocityRmsMmS, String zone, String channel, double upperHz, List<Channel> channels) {
    public Severity {
        channels = List.copyOf(channels);
    }

    /** One channel's velocity and zone. */
    public record Channel(String channel, double velocityRmsMmS, String zone) {
    }
}
