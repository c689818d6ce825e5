package io.edgeinfer.bench;

import io.edgeinfer.model.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one model as they are gathered; {@link #build()} freezes them. */
final class ResultBuilder {
    final Path file;
    long sizeBytes;
    String sha256;
    String problem;
    Long params;
    Long nonzeroParams;
    String paramsSource;
    Long macs;
    Double accuracy;
    Map<String, Double> perClass = new LinkedHashMap<>();
    LatencyStats latency;
    Double throughput;
    Double loadMs;
    Double peakRssDeltaMb;
    Double energyMj;
    String energySource;
    String quantizedEngine;
    String golden;
    final List<String> notes = new ArrayList<>();

    ResultBuilder(Path file) {
        this.file = file;
    }

    ResultBuilder fail(String why) {
        if (problem == null) {
            problem = why;
        }
        return this;
    }

    void fromManifest(ModelManifest m) {
        params = m.params();
        nonzeroParams = m.nonzeroParams();
        paramsSource = m.params() == null ? null : "manifest";
        macs = m.macs();
    }

    ModelResult build() {
        String n = file.getFileName().toString();
        String name = n.endsWith(".pt") ? n.substring(0, n.length() - 3) : n;
        return new ModelResult(name, file.toString(), sizeBytes, sha256, problem, params, nonzeroParams, paramsSource,
                macs,
                accuracy, perClass, latency, throughput, loadMs, peakRssDeltaMb, energyMj, energySource,
                quantizedEngine,
                golden, notes);
    }
}
