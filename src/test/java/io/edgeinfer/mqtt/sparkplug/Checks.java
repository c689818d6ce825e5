package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/** Rule checks shared by the conformance suites, over what the node sent (a {@link Recording}). */
final class Checks {
    private final Recording rec;

    Checks(Recording rec) {
        this.rec = rec;
    }

    /** Whose message it is: the node ({@code ""}) or a device id. */
    static String subject(Recording.Pub p) {
        return p.device() == null ? "" : p.device();
    }

    void qos0NotRetained(String type) {
        assertThat(rec.of(type)).isNotEmpty().allMatch(p -> p.packet().qos() == 0 && !p.packet().retained());
    }

    /** The payload timestamp is when the message was published (the tap's clock, same host). */
    void publishTime(String type) {
        assertThat(rec.of(type)).isNotEmpty().allSatisfy(p -> assertThat(p.payload().getTimestamp().getTime())
                .isBetween(p.packet().atMs() - 2000, p.packet().atMs() + 50));
    }

    /** Each connection's messages count 0 at the NBIRTH, +1 each (births, data, device deaths), 255 -> 0. */
    int seqCountsEveryMessage() {
        int wraps = 0;
        for (Recording.Connection c : rec.connections) {
            long expected = 0;
            for (Recording.Pub p : c.pubs()) {
                if (p.type().equals("NDEATH")) {
                    assertThat(p.raw().hasSeq()).isFalse();
                    continue;
                }
                if (p.type().equals("NBIRTH")) {
                    expected = 0;
                }
                assertThat(p.raw().hasSeq()).as("%s has a seq", p.type()).isTrue();
                assertThat(p.seq()).as("%s after seq %d", p.type(), expected - 1).isEqualTo(expected);
                if (expected == 255) {
                    wraps++;
                }
                expected = (expected + 1) % 256;
            }
        }
        return wraps;
    }

    void dataHaveNoDatatypes(String type) {
        assertThat(rec.of(type)).isNotEmpty().allMatch(p -> p.raw().getMetricsList().stream()
                .noneMatch(SparkplugBProto.Payload.Metric::hasDatatype));
    }

    void birthMetricsHaveNameTypeAndValue(String type) {
        assertThat(rec.of(type)).isNotEmpty();
        for (Recording.Pub b : rec.of(type)) {
            for (SparkplugBProto.Payload.Metric m : b.raw().getMetricsList()) {
                assertThat(m.hasName() && m.hasDatatype()).as(m.getName()).isTrue();
                assertThat(m.getValueCase() != SparkplugBProto.Payload.Metric.ValueCase.VALUE_NOT_SET || m.getIsNull())
                        .as("%s has a value or is_null", m.getName()).isTrue();
            }
        }
    }

    /** Every metric in data was declared by its subject's last birth in the same connection. */
    void everyDataMetricWasBorn() {
        for (Recording.Connection c : rec.connections) {
            Map<String, Set<String>> born = new HashMap<>();
            for (Recording.Pub p : c.pubs()) {
                if (p.type().endsWith("BIRTH")) {
                    Set<String> names = new HashSet<>();
                    p.payload().getMetrics().forEach(m -> names.add(m.getName()));
                    born.put(subject(p), names);
                } else if (p.type().endsWith("DATA")) {
                    assertThat(born.get(subject(p))).as("%s %s born", p.type(), subject(p)).isNotNull()
                            .containsAll(p.values().keySet());
                }
            }
        }
    }

    /**
     * After data flowed, a birth leaves null only metrics that never had a value, and interval
     * percentiles of telemetry (null for an interval without inferences, e.g. while a device's input
     * was down: that is then their current value).
     */
    void birthsCarryCurrentValues(String type) {
        Map<String, Set<String>> valued = new HashMap<>();
        int checked = 0;
        for (Recording.Pub p : rec.pubs()) {
            Set<String> v = valued.computeIfAbsent(subject(p), k -> new HashSet<>());
            if (p.type().equals(type) && !v.isEmpty()) {
                for (Metric m : p.payload().getMetrics()) {
                    if (v.contains(m.getName()) && !m.getName().matches("telemetry/.*/(p50|p95|p99|max)")) {
                        assertThat(m.getValue()).as("%s of %s in a later %s", m.getName(), subject(p), type)
                                .isNotNull();
                    }
                }
                checked++;
            }
            p.payload().getMetrics().stream().filter(m -> m.getValue() != null).forEach(m -> v.add(m.getName()));
        }
        assertThat(checked).as("later %s checked", type).isPositive();
    }

    /** Live data report a metric only when it differs from what its subject last reported (report by exception). */
    void dataCarryOnlyChanges(String type) {
        for (Recording.Connection c : rec.connections) {
            Map<String, Map<String, Object>> last = new HashMap<>();
            for (Recording.Pub p : c.pubs()) {
                Map<String, Object> l = last.computeIfAbsent(subject(p), k -> new HashMap<>());
                if (p.type().endsWith("BIRTH")) {
                    l.clear();
                    l.putAll(p.values());
                } else if (p.type().equals(type) && !p.historical()) {
                    for (Map.Entry<String, Object> e : p.values().entrySet()) {
                        assertThat(Objects.deepEquals(l.get(e.getKey()), e.getValue()))
                                .as("%s of %s repeated unchanged (%s)", e.getKey(), subject(p), e.getValue()).isFalse();
                        l.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
    }

    /** No metric twice in one payload, so values are in order within it. */
    void oneValuePerMetric() {
        assertThat(rec.pubs()).allMatch(p -> p.payload().getMetrics().stream().map(Metric::getName).distinct()
                .count() == p.payload().getMetrics().size());
    }

    /** The topics of {@code type} carry the group and node, and a device id exactly when a device speaks. */
    void topics(String prefix, String node, String type, boolean device) {
        assertThat(rec.of(type)).isNotEmpty().allSatisfy(p -> {
            String[] t = p.packet().topic().split("/");
            assertThat(p.packet().topic()).startsWith(prefix + type + "/" + node);
            assertThat(t).hasSize(device ? 5 : 4);
        });
    }

    List<Recording.Pub> of(String type) {
        return rec.of(type);
    }
}
