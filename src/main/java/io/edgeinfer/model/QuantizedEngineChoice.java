package io.edgeinfer.model;

import ai.djl.engine.Engine;
import io.edgeinfer.model.QuantizedEngine.Kind;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the quantized engine once per process, before any model is loaded: QNNPACK on aarch64
 * (see {@link QuantizedEngine} for why), libtorch's own default elsewhere, or what
 * {@code -Dedgeinfer.qengine} names ({@code default}, {@code qnnpack}, {@code onednn}, {@code x86},
 * {@code fbgemm}).
 */
final class QuantizedEngineChoice {
    private static final Logger LOG = LoggerFactory.getLogger(QuantizedEngineChoice.class);
    static final String PROPERTY = "edgeinfer.qengine";
    private static boolean done;

    private QuantizedEngineChoice() {}

    static synchronized void apply(String osArch) {
        if (done) {
            return;
        }
        done = true;
        Optional<Kind> wanted = wanted(System.getProperty(PROPERTY), osArch);
        if (wanted.isEmpty()) {
            return;
        }
        Engine.getEngine("PyTorch"); // loads libtorch, so its context exists
        QuantizedEngine q = QuantizedEngine.ofLoadedLibtorch();
        Kind before = q.current();
        try {
            q.use(wanted.get());
            LOG.info("int8 operators run on {} (libtorch default: {})", wanted.get().label(), before.label());
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; int8 operators stay on {}", e.getMessage(), before.label());
        }
    }

    static Optional<Kind> wanted(String property, String osArch) {
        if (property == null || property.isBlank()) {
            return osArch.equals("aarch64") ? Optional.of(Kind.QNNPACK) : Optional.empty();
        }
        if (property.trim().equalsIgnoreCase("default")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Kind.valueOf(property.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            LOG.warn("-D{}={} is not one of default, qnnpack, onednn, x86, fbgemm: ignored", PROPERTY, property);
            return Optional.empty();
        }
    }
}
