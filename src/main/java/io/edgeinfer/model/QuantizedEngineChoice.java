package io.edgeinfer.model;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quantized engine a process starts on, before any model is loaded: what
 * {@code -Dedgeinfer.qengine} names ({@code default}, {@code qnnpack}, {@code onednn}, {@code x86},
 * {@code fbgemm}), else QNNPACK on aarch64, else libtorch's own default. Why QNNPACK on ARM: the
 * aarch64 PyTorch 2.3.1 build DJL 0.29 ships defaults to oneDNN, whose ARM kernels come from the Arm
 * Compute Library, while the demo models are quantized for QNNPACK (the engine PyTorch made for ARM
 * CPUs) and {@code model.threads} advice is written for it. Each model's manifest may then ask for
 * its own engine ({@link QuantizedEngines#select}); the property, when set, wins over manifests too.
 */
final class QuantizedEngineChoice {
    private static final Logger LOG = LoggerFactory.getLogger(QuantizedEngineChoice.class);
    static final String PROPERTY = "edgeinfer.qengine";
    private static boolean done;

    private QuantizedEngineChoice() {
    }

    static synchronized void apply(String osArch) {
        if (done) {
            return;
        }
        done = true;
        Optional<String> wanted = wanted(System.getProperty(PROPERTY), osArch);
        if (wanted.isEmpty()) {
            return;
        }
        QuantizedEngines q;
        try {
            q = QuantizedEngines.open(); // starts the PyTorch engine, so libtorch's context exists
        } catch (IOException e) {
            LOG.warn("quantized engine not selectable ({}); int8 operators run on libtorch's default", e.getMessage());
            return;
        }
        String before = q.current();
        try {
            q.set(wanted.get());
            LOG.info("int8 operators run on {} (libtorch default: {})", wanted.get(), before);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; int8 operators stay on {}", e.getMessage(), before);
        }
    }

    /** The engine to start on: the property's, else qnnpack on aarch64, else none (libtorch's default). */
    static Optional<String> wanted(String property, String osArch) {
        if (property == null || property.isBlank()) {
            return osArch.equals("aarch64") ? Optional.of("qnnpack") : Optional.empty();
        }
        return parse(property);
    }

    /** The engine {@code -Dedgeinfer.qengine} forces on every model, or null (unset or {@code default}). */
    static String override() {
        String p = System.getProperty(PROPERTY);
        return p == null || p.isBlank() ? null : parse(p).orElse(null);
    }

    private static Optional<String> parse(String property) {
        String p = property.trim().toLowerCase(Locale.ROOT);
        if (p.equals("default")) {
            return Optional.empty();
        }
        if (!p.equals("qnnpack") && !p.equals("onednn") && !p.equals("x86") && !p.equals("fbgemm")) {
            LOG.warn("-D{}={} is not one of default, qnnpack, onednn, x86, fbgemm: ignored", PROPERTY, property);
            return Optional.empty();
        }
        return Optional.of(p);
    }
}
