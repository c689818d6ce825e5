package io.edgeinfer.app;

import io.edgeinfer.mqtt.DeliveryMetrics;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.telemetry.NativeHeapMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/** The daemon's own meters beside the JVM's, bound once everything they read exists. */
final class DaemonMeters {
    private DaemonMeters() {
    }

    static void bind(MeterRegistry registry, Pipelines pipelines, Outbox outbox, Publisher sender, Closer closer) {
        pipelines.bindTo(registry);
        new DeliveryMetrics(outbox, sender).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new NativeHeapMetrics().bindTo(registry);
        // GC metrics hold a notification listener until closed.
        closer.add("GC metrics", new JvmGcMetrics()).bindTo(registry);
    }
}
