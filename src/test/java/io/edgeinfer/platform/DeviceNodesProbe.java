package io.edgeinfer.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the device-node check in a process of its own, so a test can run it as another user. */
public final class DeviceNodesProbe {
    private DeviceNodesProbe() {
    }

    public static void main(String[] args) {
        List<CheckFailure> failures = new ArrayList<>();
        DeviceNodes.check(List.of(args).stream().map(Path::of).toList(), failures);
        failures.forEach(f -> System.out.println(f.problem() + "|" + f.message()));
    }
}
