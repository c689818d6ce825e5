package io.edgeinfer.control.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which devices take part in a stage, decided on each device without a list (docs/fleet.md,
 * "Membership"): the first 8 bytes of SHA-256({@code rollout_id} LF {@code device_id}), read as an
 * unsigned number and scaled to [0, 100), are the device's place in the rollout; it is a member of
 * every stage whose percentage is above it. So a device that is a canary at 5 % stays one at 25 %,
 * and another rollout (another id) picks other canaries.
 */
public final class Membership {
    private static final double TWO_TO_64 = 18446744073709551616.0;

    private Membership() {
    }

    /** The device's place in the rollout, in [0, 100). */
    public static double place(String rolloutId, String deviceId) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256")
                    .digest((rolloutId + "\n" + deviceId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long v = ByteBuffer.wrap(d, 0, 8).getLong();
        double unsigned = v >= 0 ? v : v + TWO_TO_64;
        return Math.min(unsigned / TWO_TO_64 * 100.0, Math.nextDown(100.0));
    }

    /** Whether the device takes part in a stage of {@code percent} (0-100). */
    public static boolean member(String rolloutId, String deviceId, double percent) {
        return percent >= 100 || place(rolloutId, deviceId) < percent;
    }
}
