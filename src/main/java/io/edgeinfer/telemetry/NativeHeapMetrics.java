package io.edgeinfer.telemetry;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glibc's malloc heap, where libtorch, SQLite and the JVM's own native allocations live: bytes in
 * use and bytes free but still held (fragmentation, arenas not yet trimmed), as
 * {@code edgeinfer.process.native.heap{state=used|free}}. Resident memory that grows while both stay
 * flat is not malloc's; a growing {@code free} is fragmentation, a growing {@code used} a leak.
 * Read with {@code mallinfo2} (glibc 2.33 and later); elsewhere the meters are not registered.
 */
public final class NativeHeapMetrics implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(NativeHeapMetrics.class);

    /** {@code struct mallinfo2}: ten {@code size_t} fields (64-bit platforms only, as the natives are). */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks",
            "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    interface GlibcMalloc extends Library {
        MallInfo2 mallinfo2();
    }

    /** One reading: bytes handed out (small and mmapped chunks) and bytes free inside the arenas. */
    public record Reading(long usedBytes, long freeBytes) {
        static Reading of(MallInfo2 m) {
            return new Reading(m.uordblks + m.hblkhd, m.fordblks);
        }
    }

    private final GlibcMalloc libc;

    public NativeHeapMetrics() {
        this.libc = bind();
    }

    private static GlibcMalloc bind() {
        try {
            GlibcMalloc c = Native.load("c", GlibcMalloc.class);
            c.mallinfo2();
            return c;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("no glibc mallinfo2 ({}): native heap meters off", e.getMessage());
            return null;
        }
    }

    /** The heap now, or null where mallinfo2 is not available. */
    public Reading read() {
        return libc == null ? null : Reading.of(libc.mallinfo2());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (libc == null) {
            return;
        }
        gauge(registry, "used", "Bytes malloc has handed out (libtorch, SQLite, the JVM's own)", Reading::usedBytes);
        gauge(registry, "free", "Bytes free inside malloc's arenas, not returned to the system", Reading::freeBytes);
    }

    private void gauge(MeterRegistry registry, String state, String description, ToDoubleFunction<Reading> value) {
        // A supplier, which the registry holds strongly: the object form would be collected with this binder.
        Gauge.builder("edgeinfer.process.native.heap", () -> value.applyAsDouble(read()))
                .tag("state", state)
                .description(description)
                .baseUnit("bytes")
                .register(registry);
    }
}
