package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** glibc's malloc heap through mallinfo2, on the glibc this test runs on. */
class NativeHeapMetricsTest {
    @Test
    void aMallocedBlockShowsAsUsedUntilItIsFreed() {
        NativeHeapMetrics heap = new NativeHeapMetrics();
        assumeTrue(heap.read() != null, "no glibc 2.33+ mallinfo2 here");
        long before = heap.read().usedBytes();
        Memory block = new Memory(8 << 20); // JNA allocates it with malloc
        block.clear(); // touched, so it is real
        long allocated = heap.read().usedBytes();
        block.close();
        long freed = heap.read().usedBytes();
        // Other threads of this JVM (and other tests in it) malloc and free meanwhile: each figure is
        // compared only with the one read right before or after it, with a margin of 1 MB.
        assertThat(allocated - before).isGreaterThan(7 << 20);
        assertThat(allocated - freed).isGreaterThan(7 << 20);
    }

    @Test
    void theMetersAreUsedAndFreeBytes() {
        assumeTrue(new NativeHeapMetrics().read() != null, "no glibc 2.33+ mallinfo2 here");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new NativeHeapMetrics().bindTo(registry);
        assertThat(registry.get("edgeinfer.process.native.heap").tag("state", "used").gauge().value()).isPositive();
        assertThat(registry.get("edgeinfer.process.native.heap").tag("state", "free").gauge().value()).isNotNegative();
    }
}
