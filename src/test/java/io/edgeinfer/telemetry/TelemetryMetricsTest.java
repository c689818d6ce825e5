package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.TelemetryMessage;
import io.edgeinfer.mqtt.TelemetryMessage.Percentiles;
import io.edgeinfer.telemetry.board.ThrottleFlags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus names and units of the telemetry figures, on a real Prometheus registry. */
class TelemetryMetricsTest {
    private static final Percentiles NONE = new Percentiles(null, null, null, null);

    private static TelemetryMessage message(Double watts, ThrottleFlags flags, Boolean degraded) {
        return new TelemetryMessage(0, "b", 1, 1, new ModelRef("vib", "1.0.0", "ab12"),
                new TelemetryMessage.Pipeline(1, 1, 1, 1, 0, 0, 1, NONE, NONE, NONE, NONE),
                new TelemetryMessage.Process(1.0, 200.0, 10, 0, 0, 30, 20),
                new TelemetryMessage.Power("pmic", watts, watts == null ? null : 12.5, null, null),
                new TelemetryMessage.Thermal(55.5, 1800.0, flags == null ? null : flags.message(), degraded, null),
                new TelemetryMessage.Outbox(null, null, null, null), null, List.of());
    }

    @Test
    void figuresAppearInBaseUnitsAndUnknownsAsNaN() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        double[] joules = {42};
        TelemetryMetrics metrics = new TelemetryMetrics("pmic", () -> joules[0]);
        metrics.bindTo(registry);
        assertThat(registry.scrape()).contains("edgeinfer_power_watts{source=\"pmic\"} NaN");

        metrics.update(message(7.25, ThrottleFlags.parse("throttled=0x80008"), true));
        String s = registry.scrape();
        assertThat(s).contains(
                "edgeinfer_power_watts{source=\"pmic\"} 7.25",
                "edgeinfer_energy_joules_total{source=\"pmic\"} 42.0",
                "edgeinfer_energy_per_inference_joules 0.0125",
                "edgeinfer_energy_marginal_per_inference_joules NaN",
                "edgeinfer_cpu_temperature_celsius 55.5",
                "edgeinfer_cpu_frequency_hertz 1.8E9",
                "process_resident_memory_bytes 2.097152E8",
                "edgeinfer_process_threads 30.0",
                "edgeinfer_latency_degraded_throttled 1.0",
                "edgeinfer_throttled{condition=\"soft_temp_limit\",scope=\"now\"} 1.0",
                "edgeinfer_throttled{condition=\"soft_temp_limit\",scope=\"since_boot\"} 1.0",
                "edgeinfer_throttled{condition=\"under_voltage\",scope=\"now\"} 0.0",
                "edgeinfer_model_info{name=\"vib\",sha256=\"ab12\",version=\"1.0.0\"} 1\n");

        metrics.update(message(null, null, null));
        assertThat(registry.scrape()).contains(
                "edgeinfer_power_watts{source=\"pmic\"} NaN",
                "edgeinfer_throttled{condition=\"throttled\",scope=\"now\"} NaN",
                "edgeinfer_latency_degraded_throttled NaN");
    }

    @Test
    void withoutAMeterThereIsNoEnergyCounterRatherThanAZeroOne() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new TelemetryMetrics("none", null).bindTo(registry);
        assertThat(registry.scrape()).doesNotContain("edgeinfer_energy_joules").contains(
                "edgeinfer_power_watts{source=\"none\"} NaN");
    }

    @Test
    void unbindingLetsTheNextReporterOwnTheMeters() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TelemetryMetrics first = new TelemetryMetrics("pmic", () -> 1);
        first.bindTo(registry);
        first.update(message(7.25, ThrottleFlags.parse("throttled=0x0"), true));
        first.unbind(registry);
        assertThat(registry.scrape()).doesNotContain("edgeinfer_power_watts", "edgeinfer_energy_joules",
                "edgeinfer_model_info");

        // A config change picked another meter: its tag and its figures, none of the old ones.
        TelemetryMetrics second = new TelemetryMetrics("estimate", null);
        second.bindTo(registry);
        second.update(message(3.5, ThrottleFlags.parse("throttled=0x0"), true));
        assertThat(registry.scrape()).contains("edgeinfer_power_watts{source=\"estimate\"} 3.5")
                .doesNotContain("source=\"pmic\"").doesNotContain("edgeinfer_energy_joules");
    }
}
