package io.edgeinfer.platform;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Java heap tight once the daemon has started (docs/BENCHMARKS.md, "Memory over a soak").
 *
 * <p>
 * With the JVM's defaults (40 % free after a full collection, up to 70 %) the serial collector grows the old
 * generation from 12 to ~20 MB within minutes of a steady run whose live data is ~10 MB, and every page of it
 * becomes resident as promoted garbage fills it. Starting with tight ratios instead costs the start-up a tenth
 * (more collections while classes load), so the daemon sets them only after its start: both flags are
 * {@code manageable}, and the collector reads them at every full collection, where it also gives back what
 * is above the new bound.
 */
public final class HeapSizing {
    private static final Logger LOG = LoggerFactory.getLogger(HeapSizing.class);
    static final String MIN_FREE = "MinHeapFreeRatio";
    static final String MAX_FREE = "MaxHeapFreeRatio";
    /** Percent of the heap left free after a full collection: at least, at most. */
    static final int STEADY_MIN_FREE = 10;
    static final int STEADY_MAX_FREE = 25;

    private HeapSizing() {
    }

    /** Tightens this JVM's heap for the steady run; logs what it did, never throws. */
    public static void afterStart() {
        try {
            List<String> set = tighten(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
            LOG.debug(set.isEmpty() ? "heap ratios left as given on the command line" : "heap for the steady run: {}",
                    set);
        } catch (RuntimeException e) {
            // A JVM without these flags (not HotSpot) or a security manager: the defaults stay, nothing breaks.
            LOG.debug("heap ratios left at the JVM's defaults: {}", e.toString());
        }
    }

    /**
     * Sets both ratios when neither was given on the command line (an operator's own choice wins, and setting
     * only one could leave them inconsistent, which the JVM refuses).
     *
     * @return the settings made, as {@code NAME=VALUE}; empty when they were left alone
     */
    static List<String> tighten(HotSpotDiagnosticMXBean vm) {
        if (!isDefault(vm.getVMOption(MIN_FREE)) || !isDefault(vm.getVMOption(MAX_FREE))) {
            return List.of();
        }
        // Min first: the JVM refuses a maximum below the current minimum (40 by default).
        vm.setVMOption(MIN_FREE, Integer.toString(STEADY_MIN_FREE));
        vm.setVMOption(MAX_FREE, Integer.toString(STEADY_MAX_FREE));
        return List.of(MIN_FREE + "=" + STEADY_MIN_FREE, MAX_FREE + "=" + STEADY_MAX_FREE);
    }

    private static boolean isDefault(VMOption option) {
        return option.getOrigin() == VMOption.Origin.DEFAULT || option.getOrigin() == VMOption.Origin.ERGONOMIC;
    }
}
