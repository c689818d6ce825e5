package io.edgeinfer.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class HeapSizingTest {
    /** The JVM's rules for the two flags: a value out of 0-100 or a maximum below the minimum is refused. */
    private static final class FakeVm implements HotSpotDiagnosticMXBean {
        final Map<String, VMOption> options = new HashMap<>();

        FakeVm(int min, VMOption.Origin minOrigin, int max, VMOption.Origin maxOrigin) {
            options.put(HeapSizing.MIN_FREE, new VMOption(HeapSizing.MIN_FREE, "" + min, true, minOrigin));
            options.put(HeapSizing.MAX_FREE, new VMOption(HeapSizing.MAX_FREE, "" + max, true, maxOrigin));
        }

        int value(String name) {
            return Integer.parseInt(options.get(name).getValue());
        }

        @Override
        public void setVMOption(String name, String value) {
            int v = Integer.parseInt(value);
            boolean bad = HeapSizing.MIN_FREE.equals(name)
                    ? v > value(HeapSizing.MAX_FREE)
                    : v < value(HeapSizing.MIN_FREE);
            if (v < 0 || v > 100 || bad) {
                throw new IllegalArgumentException(name + "=" + value + " is inconsistent");
            }
            options.put(name, new VMOption(name, value, true, VMOption.Origin.MANAGEMENT));
        }

        @Override
        public VMOption getVMOption(String name) {
            return options.get(name);
        }

        @Override
        public List<VMOption> getDiagnosticOptions() {
            return List.copyOf(options.values());
        }

        @Override
        public void dumpHeap(String outputFile, boolean live) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectName getObjectName() {
            return null;
        }
    }

    @Test
    void whenBothRatiosAreTheJvmsDefaultsThenBothAreTightenedInAnOrderTheJvmAccepts() {
        FakeVm vm = new FakeVm(40, VMOption.Origin.DEFAULT, 70, VMOption.Origin.DEFAULT);

        assertThat(HeapSizing.tighten(vm)).containsExactly("MinHeapFreeRatio=10", "MaxHeapFreeRatio=25");
        assertThat(vm.value(HeapSizing.MIN_FREE)).isEqualTo(10);
        assertThat(vm.value(HeapSizing.MAX_FREE)).isEqualTo(25);
    }

    @Test
    void whenTheOperatorGaveEitherRatioThenNeitherIsTouched() {
        FakeVm min = new FakeVm(30, VMOption.Origin.VM_CREATION, 70, VMOption.Origin.DEFAULT);
        FakeVm max = new FakeVm(40, VMOption.Origin.DEFAULT, 50, VMOption.Origin.ENVIRON_VAR);

        assertThat(HeapSizing.tighten(min)).isEmpty();
        assertThat(HeapSizing.tighten(max)).isEmpty();
        assertThat(min.value(HeapSizing.MIN_FREE)).isEqualTo(30);
        assertThat(max.value(HeapSizing.MAX_FREE)).isEqualTo(50);
    }

    @Test
    void thisJvmRefusesAMaximumBelowTheMinimumAsTheFakeDoes() {
        // Why tighten sets the minimum first; refused, so this test JVM's heap is not changed.
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        int min = Integer.parseInt(vm.getVMOption(HeapSizing.MIN_FREE).getValue());
        assertThatThrownBy(() -> vm.setVMOption(HeapSizing.MAX_FREE, Integer.toString(min - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisJvmLetsBothRatiosBeChangedWhileItRuns() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (String name : List.of(HeapSizing.MIN_FREE, HeapSizing.MAX_FREE)) {
            VMOption option = vm.getVMOption(name);
            assertThat(option.isWriteable()).as(name + " is manageable").isTrue();
            vm.setVMOption(name, option.getValue()); // the same value: this test JVM's heap is not changed
        }
    }
}
