package io.edgeinfer.bench.cli;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.model.Window;
import io.edgeinfer.sensor.SimulatedDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the vibration benches feed a model: the demo's labels and simulated 3-axis windows at 400 Hz. */
final class VibrationInputs {
    private VibrationInputs() {
    }

    static List<String> labels() {
        return Arrays.stream(MachineState.values()).map(MachineState::key).toList();
    }

    /** {@code n} windows of {@code [3, size]}, the same ones every run (fixed seed). */
    static List<Window> windows(int n, int size) {
        SimulatedDataset ds = new SimulatedDataset(11, 400, size);
        List<Window> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Window(i, 0, 0, 0, 3, size, ds.window(i).data()));
        }
        return out;
    }
}
