package io.edgeinfer.model;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The quantized engine libtorch runs int8 operators on ({@code at::globalContext().qEngine()}),
 * which DJL neither shows nor sets; reached through JNA on the {@code libtorch_cpu.so} DJL loaded.
 *
 * <p>Why it matters on ARM: the aarch64 PyTorch 2.3.1 build DJL 0.29 ships defaults to oneDNN,
 * whose ARM kernels come from the Arm Compute Library; the demo models are quantized for QNNPACK
 * (the engine PyTorch made for ARM CPUs) and {@code model.threads} advice is written for it. So on
 * aarch64 the daemon selects QNNPACK before the first model is loaded (packed weights are built
 * for the engine current at load time). {@code -Dedgeinfer.qengine=NAME} overrides the choice.
 */
public final class QuantizedEngine {
    /** {@code c10::QEngine} values, in their enum order. */
    public enum Kind {
        NONE, FBGEMM, QNNPACK, ONEDNN, X86;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final NativeLibrary torch;
    private final Pointer context;

    private QuantizedEngine(NativeLibrary torch) {
        this.torch = torch;
        this.context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
    }

    /**
     * The engine of this process. Call after the PyTorch engine has started: dlopen then finds the
     * already loaded library by its soname instead of searching for it.
     */
    public static QuantizedEngine ofLoadedLibtorch() {
        return new QuantizedEngine(NativeLibrary.getInstance("torch_cpu"));
    }

    public Kind current() {
        return kind(torch.getFunction("_ZNK2at7Context7qEngineEv").invokeInt(new Object[] {context}) & 0xff);
    }

    /** What this build supports; setting anything else aborts the process, so always check first. */
    public List<Kind> supported() {
        // A const std::vector<c10::QEngine>&: begin and end pointers to one byte per engine.
        Pointer vector = torch.getFunction("_ZN2at7Context17supportedQEnginesEv").invokePointer(new Object[] {context});
        Pointer begin = vector.getPointer(0);
        long n = Pointer.nativeValue(vector.getPointer(Native.POINTER_SIZE)) - Pointer.nativeValue(begin);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            kinds.add(kind(begin.getByte(i) & 0xff));
        }
        return kinds;
    }

    /**
     * Switches int8 operators to {@code kind}.
     *
     * @throws IllegalArgumentException when this build does not support it (nothing is changed)
     */
    public void use(Kind kind) {
        if (!supported().contains(kind)) {
            throw new IllegalArgumentException("quantized engine " + kind.label() + " is not in this PyTorch build's "
                    + supported());
        }
        torch.getFunction("_ZN2at7Context10setQEngineEN3c107QEngineE").invoke(new Object[] {context, kind.ordinal()});
    }

    private static Kind kind(int value) {
        Kind[] all = Kind.values();
        return value < all.length ? all[value] : Kind.NONE;
    }
}
