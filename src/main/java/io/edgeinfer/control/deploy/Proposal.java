package io.edgeinfer.control.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * A model file and what it is to serve as: the subject of one validation.
 *
 * @param golden samples it must label right (may be empty)
 * @param goldenFrom where they came from, for the refusal ("the command", "the manifest beside x.pt")
 */
record Proposal(Path file, String name, String version, List<String> labels, List<GoldenSamples.Sample> golden,
        String goldenFrom) {

    Proposal {
        labels = List.copyOf(labels);
        golden = List.copyOf(golden);
    }

    /** A model named by a config or the history: no golden samples. */
    static Proposal of(Path file, String name, String version, List<String> labels) {
        return new Proposal(file, name, version, labels, List.of(), null);
    }
}
