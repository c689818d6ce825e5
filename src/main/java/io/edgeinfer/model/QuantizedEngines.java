package io.edgeinfer.model;

import ai.djl.engine.Engine;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Selects libtorch's quantized engine, which decides how int8 weights are packed when a model loads
 * and which kernels run it. DJL has no setter, so this calls {@code at::globalContext()} and
 * {@code at::Context::setQEngine} in the libtorch_cpu.so that DJL already loaded, through JNA.
 * Setting an engine the build lacks aborts the process, so every set is checked against
 * {@code at::Context::supportedQEngines()} first.
 *
 * <p>The engine is one per process, but each int8 model is made (calibrated, packed) for one
 * engine, named in its manifest. {@link #select} and {@link #use} give each model its engine under
 * one rule: the first int8 model loaded on an engine <em>pins</em> it, and an int8 model made for
 * another engine is then refused rather than switched to. Switching under a serving int8 model would
 * keep its packed weights on the old engine's kernels but move its other int8 operators (add, cat,
 * pooling) to the new one's, and a later rollback to it would pack it for the wrong engine. Float
 * models and models without a manifest run on whatever engine is in force and pin nothing.
 */
public final class QuantizedEngines {
    /** c10::QEngine values (c10/core/QEngine.h), indexed by their uint8 value. */
    private static final List<String> NAMES = List.of("none", "fbgemm", "qnnpack", "onednn", "x86");

    private final Function setEngine;
    private final Function getEngine;
    private final Pointer context;
    private final List<String> supported;
    private String pinned;

    private QuantizedEngines(NativeLibrary torch) {
        this.context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        this.setEngine = torch.getFunction("_ZN2at7Context10setQEngineEN3c107QEngineE");
        this.getEngine = torch.getFunction("_ZNK2at7Context7qEngineEv");
        // Returns const std::vector<c10::QEngine>&: a pointer to {begin, end, capacity}.
        Pointer vector = torch.getFunction("_ZN2at7Context17supportedQEnginesEv").invokePointer(new Object[]{context});
        Pointer begin = vector.getPointer(0);
        long count = Pointer.nativeValue(vector.getPointer(Native.POINTER_SIZE)) - Pointer.nativeValue(begin);
        List<String> names = new ArrayList<>();
        for (byte b : begin.getByteArray(0, (int) count)) {
            names.add(name(b & 0xFF));
        }
        this.supported = List.copyOf(names);
    }

    /**
     * Binds to the libtorch of DJL's PyTorch engine (starting it if needed).
     *
     * @throws IOException when libtorch_cpu.so is not mapped into this process (not Linux, or DJL
     *     not on the PyTorch engine)
     */
    public static QuantizedEngines open() throws IOException {
        Engine.getEngine("PyTorch");
        return new QuantizedEngines(NativeLibrary.getInstance(loadedLibrary("libtorch_cpu.so").toString()));
    }

    /** Engines this libtorch build can run, e.g. {@code [qnnpack, onednn, x86, fbgemm]} on x86-64. */
    public List<String> supported() {
        return supported;
    }

    /** The engine now in force. */
    public String current() {
        return name(getEngine.invokeInt(new Object[]{context}) & 0xFF);
    }

    /**
     * Makes {@code engine} the current one.
     *
     * @throws IllegalArgumentException naming the supported engines when this build lacks it
     */
    public synchronized void set(String engine) {
        String e = engine.toLowerCase(Locale.ROOT);
        if (!supported.contains(e) || "none".equals(e)) {
            throw new IllegalArgumentException("quantized engine '" + engine
                    + "' is not supported by this libtorch (supported: "
                    + withoutNone(supported) + ")");
        }
        setEngine.invokeVoid(new Object[]{context, NAMES.indexOf(e)});
    }

    /**
     * What loading a model with {@code manifest} (null: it has none) needs; changes nothing. The
     * operator's {@code -Dedgeinfer.qengine} wins over every manifest.
     */
    public synchronized EngineChoice select(ModelManifest manifest) {
        return decide(manifest == null ? null : manifest.quantizedBackend(), QuantizedEngineChoice.override(),
                supported,
                current(), pinned);
    }

    /**
     * Puts libtorch on the choice's engine; call it right before loading the model the choice is
     * for (weights are packed for the engine current at load).
     *
     * @throws IllegalArgumentException for a refused choice
     */
    public synchronized void use(EngineChoice choice) {
        if (choice.refused()) {
            throw new IllegalArgumentException(choice.refusal());
        }
        if (!choice.engine().equals(current())) {
            set(choice.engine());
        }
        if (choice.pins()) {
            pinned = choice.engine();
        }
    }

    /** The engine the int8 models of this process run on and others are refused, or null while none was loaded. */
    public synchronized String pinned() {
        return pinned;
    }

    /**
     * The rule of {@link #select}, without libtorch.
     *
     * @param wanted the engine the model was made for (its manifest's quantized backend), null for a
     *     float model or one without a manifest
     * @param override the engine every model runs on ({@code -Dedgeinfer.qengine}), or null
     * @param pinned the engine an int8 model already loaded in this process was made for, or null
     */
    static EngineChoice decide(String wanted, String override, List<String> supported, String current, String pinned) {
        String w = wanted == null ? null : wanted.toLowerCase(Locale.ROOT);
        if (override != null && supported.contains(override)) {
            return new EngineChoice(override, false, null, w != null && !w.equals(override)
                    ? "made for the " + w + " quantized engine; runs on " + override + " (-D"
                            + QuantizedEngineChoice.PROPERTY + ")"
                    : null);
        }
        if (w == null) {
            return new EngineChoice(current, false, null, null);
        }
        if ("none".equals(w) || !supported.contains(w)) {
            return new EngineChoice(current, false, null, "made for the " + w
                    + " quantized engine, which this libtorch lacks "
                    + withoutNone(supported) + "; runs on " + current);
        }
        if (w.equals(current)) {
            return new EngineChoice(current, true, null, null);
        }
        if (pinned != null) {
            return new EngineChoice(null, false, "the model is made for the " + w
                    + " quantized engine, but this process runs "
                    + "int8 models on " + pinned + ": libtorch has one engine per process and an int8 model made for "
                    + pinned + " was loaded on it. Make this model model.path and restart the daemon to run it on " + w,
                    null);
        }
        return new EngineChoice(w, true, null, "quantized engine " + current + " -> " + w
                + ", the engine the model was made for");
    }

    private static List<String> withoutNone(List<String> engines) {
        return engines.stream().filter(e -> !"none".equals(e)).toList();
    }

    private static String name(int value) {
        return value < NAMES.size() ? NAMES.get(value) : "engine-" + value;
    }

    /** The file of a shared library this process has mapped, from /proc/self/maps. */
    static Path loadedLibrary(String fileName) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            throw new IOException("cannot find " + fileName + ": no /proc/self/maps (Linux only)");
        }
        try (var lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.indexOf('/') < 0 ? l.length() : l.indexOf('/')))
                    .filter(p -> p.endsWith("/" + fileName))
                    .findFirst()
                    .map(Path::of)
                    .orElseThrow(() -> new IOException(fileName + " is not loaded in this process"));
        }
    }
}
