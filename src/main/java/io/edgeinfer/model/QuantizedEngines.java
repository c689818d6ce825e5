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
 */
public final class QuantizedEngines {
    /** c10::QEngine values (c10/core/QEngine.h), indexed by their uint8 value. */
    private static final List<String> NAMES = List.of("none", "fbgemm", "qnnpack", "onednn", "x86");

    private final Function setEngine;
    private final Function getEngine;
    private final Pointer context;
    private final List<String> supported;

    private QuantizedEngines(NativeLibrary torch) {
        this.context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        this.setEngine = torch.getFunction("_ZN2at7Context10setQEngineEN3c107QEngineE");
        this.getEngine = torch.getFunction("_ZNK2at7Context7qEngineEv");
        // Returns const std::vector<c10::QEngine>&: a pointer to {begin, end, capacity}.
        Pointer vector = torch.getFunction("_ZN2at7Context17supportedQEnginesEv").invokePointer(new Object[] {context});
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
        return name(getEngine.invokeInt(new Object[] {context}) & 0xFF);
    }

    /**
     * Makes {@code engine} the current one.
     *
     * @throws IllegalArgumentException naming the supported engines when this build lacks it
     */
    public synchronized void set(String engine) {
        String e = engine.toLowerCase(Locale.ROOT);
        if (!supported.contains(e) || "none".equals(e)) {
            throw new IllegalArgumentException("quantized engine '" + engine + "' is not supported by this libtorch (supported: "
                    + supported.stream().filter(s -> !"none".equals(s)).toList() + ")");
        }
        setEngine.invokeVoid(new Object[] {context, NAMES.indexOf(e)});
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
