package io.edgeinfer.bench;

import io.edgeinfer.model.ModelManifest;
import io.edgeinfer.model.QuantizedEngines;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts libtorch on the quantized engine each model was made for (its manifest's backend) and back
 * on the default for the others, and warns where the choice is known to hurt: qnnpack with more
 * than one intra-op thread fights OpenMP's pool (on x86 an MLP went from 0.17 to 16.7 ms).
 */
final class EngineSelector {
    private final QuantizedEngines engines;
    private final String defaultEngine;
    private final int threads;
    private final String override;
    private final Consumer<String> warn;
    private boolean warned;

    private EngineSelector(QuantizedEngines engines, int threads, String override, Consumer<String> warn) {
        this.engines = engines;
        this.defaultEngine = engines == null ? null : engines.current();
        this.threads = threads;
        this.override = override;
        this.warn = warn;
    }

    /**
     * Binds to libtorch; when that is impossible every model runs on whatever engine is current.
     *
     * @param override an engine for every model whose manifest names one (to compare engines), or
     *     null to follow the manifests
     * @throws IllegalArgumentException when {@code override} is not an engine this libtorch has
     */
    static EngineSelector open(int threads, String override, Consumer<String> warn) {
        QuantizedEngines engines;
        try {
            engines = QuantizedEngines.open();
        } catch (Exception | LinkageError e) {
            warn.accept("quantized engines cannot be selected (" + e.getMessage()
                    + "); int8 models run on the default engine");
            return new EngineSelector(null, threads, null, warn);
        }
        EngineSelector s = new EngineSelector(engines, threads, override, warn);
        if (override != null && !s.supported().contains(override)) {
            throw new IllegalArgumentException("--qengine " + override + ": this libtorch has " + s.supported());
        }
        return s;
    }

    List<String> supported() {
        return engines == null ? List.of() : engines.supported().stream().filter(e -> !"none".equals(e)).toList();
    }

    String defaultEngine() {
        return defaultEngine;
    }

    /** Selects the engine for a model; returns it when the manifest asked for one, else null. */
    String selectFor(ModelManifest manifest, List<String> notes) {
        String wanted = manifest == null ? null : manifest.quantizedBackend();
        if (engines == null) {
            return null;
        }
        if (wanted != null && override != null && !override.equals(wanted)) {
            notes.add("made for the " + wanted + " engine; run on " + override + " (--qengine)");
            wanted = override;
        }
        if (wanted == null) {
            engines.set(defaultEngine);
            return null;
        }
        if (!engines.supported().contains(wanted) || "none".equals(wanted)) {
            notes.add("made for the " + wanted + " engine, which this libtorch lacks " + supported() + "; ran on "
                    + defaultEngine);
            engines.set(defaultEngine);
            return defaultEngine;
        }
        engines.set(wanted);
        if ("qnnpack".equals(wanted) && threads > 1) {
            notes.add("qnnpack with " + threads + " intra-op threads: latency may be far worse than with 1");
            if (!warned) {
                warned = true;
                warn.accept("warning: qnnpack with " + threads + " intra-op threads: its thread pool and OpenMP's fight"
                        + " (measured on x86: MLP 0.17 -> 16.7 ms). Use --threads 1 for int8 models, or set"
                        + " OMP_WAIT_POLICY=PASSIVE (which slows fp32 models instead).");
            }
        }
        return wanted;
    }
}
