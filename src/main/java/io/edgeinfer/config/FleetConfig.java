package io.edgeinfer.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Fleet rollouts (docs/fleet.md, docs/configuration.md section {@code fleet}): which groups' desired
 * states this device follows. The device id is always a group of its own, so a rollout can also
 * address one device. Desired states are trusted as commands are ({@code control.trusted_keys}, or
 * {@code control.allow_unsigned}): with remote control off the device follows none.
 *
 * @param enabled follow desired states at all
 * @param groups the groups named in the file, in order; the device's own id is not among them
 * @param shadowQueue windows that may wait for a candidate running in shadow; more are dropped (and
 *     counted), so the serving model never waits for it
 */
public record FleetConfig(boolean enabled, List<String> groups, int shadowQueue) {
    public FleetConfig {
        groups = List.copyOf(groups);
    }

    /** Every group the device follows: its own id first, then the configured ones. */
    public List<String> allGroups(String deviceId) {
        List<String> all = new ArrayList<>();
        all.add(deviceId);
        groups.stream().filter(g -> !g.equals(deviceId)).forEach(all::add);
        return List.copyOf(all);
    }

    /** The defaults: on, no groups beyond the device's own, 16 windows of shadow queue. */
    public static FleetConfig defaults() {
        return new FleetConfig(true, List.of(), 16);
    }
}
