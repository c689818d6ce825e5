package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** glibc's malloc heap through mallinfo2, on the glibc this test runs on. */
class NativeHeapMetricsTest {
    @Test
    void aMallocedBlockShowsAsUsedUntilItIsFreed() {
        NativeHeapMetrics heap = new NativeHeapMetrics();
        assumeTrue(heap.read() != null, "no glibc 2.33+ mallinfo2 here");
        // Other threads of this JVM (other tests, the cleaner freeing their native memory) malloc and
        // free meanwhile, megabytes at a time: a few tries, of which one has to see the block come and
        // go within 1 MB. A meter that missed the block (or its free) fails every try.
        List<String> tries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long before = heap.read().usedBytes();
            Memory block = new Memory(8 << 20); // JNA allocates it with malloc
            block.clear(); // touched, so it is real
            long allocated = heap.read().usedBytes();
            block.close();
            long freed = heap.read().usedBytes();
            if (allocated - before > 7 << 20 && allocated - freed > 7 << 20) {
                return;
            }
            tries.add("+" + (allocated - before) + " -" + (allocated - freed));
        }
        fail("an 8 MiB block never showed as used and then freed: " + tries);
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
