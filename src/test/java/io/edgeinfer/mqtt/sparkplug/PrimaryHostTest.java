package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrimaryHostTest {
    private final AtomicInteger changes = new AtomicInteger();
    private final PrimaryHost host = new PrimaryHost("scada", changes::incrementAndGet);
    private final Warnings warnings = new Warnings(PrimaryHost.class);

    @AfterEach
    void tearDown() {
        warnings.close();
    }

    private void state(String json) {
        host.accept("spBv1.0/STATE/scada", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void birthsWaitForTheHostsOnlineStateAndItsOfflineEndsTheSession() {
        assertThat(host.online()).isFalse();
        state("{\"online\": true, \"timestamp\": 1000}");
        assertThat(host.online()).isTrue();
        assertThat(host.offlines()).isZero();
        // Tahu's and the specification's will: the same timestamp as the birth it ends.
        state("{\"online\": false, \"timestamp\": 1000}");
        assertThat(host.online()).isFalse();
        assertThat(host.offlines()).isEqualTo(1);
        assertThat(changes).hasValue(2);
        assertThat(warnings.lines()).isEmpty();
    }

    @Test
    void anOfflineHostThatWasNeverSeenOnlineEndsNothing() {
        state("{\"online\": false, \"timestamp\": 5}");
        state("{\"online\": false, \"timestamp\": 5}"); // the retained STATE again, on a reconnect
        assertThat(host.offlines()).isZero();
        assertThat(changes).hasValue(0);
    }

    @Test
    void aStateOlderThanTheLastOneSeenIsIgnoredWithOneWarning() {
        state("{\"online\": true, \"timestamp\": 2000}");
        state("{\"online\": false, \"timestamp\": 1999}");
        assertThat(host.online()).isTrue();
        assertThat(host.offlines()).isZero();
        assertThat(warnings.lines()).singleElement().asString().contains("older than the last one seen");
    }

    @Test
    void aStateThatIsNotTheDocumentedJsonIsIgnoredWithOneWarningEach() {
        state("ONLINE");
        state("{\"online\": \"yes\", \"timestamp\": 1}");
        state("{\"online\": true}");
        state("{\"online\": true, \"timestamp\": 1.5}");
        state("[true, 1]");
        host.accept("spBv1.0/STATE/scada", new byte[]{(byte) 0xff, 0, 1});
        assertThat(host.online()).isFalse();
        assertThat(warnings.lines()).hasSize(6).allMatch(l -> l.contains("spBv1.0/STATE/scada"));
    }

    @Test
    void aHostBeforeSparkplug3SaysOnlineOrOfflineOnItsOldTopic() {
        host.accept("STATE/scada", "ONLINE".getBytes(StandardCharsets.UTF_8));
        assertThat(host.online()).isTrue();
        host.accept("STATE/scada", "OFFLINE".getBytes(StandardCharsets.UTF_8));
        assertThat(host.online()).isFalse();
        assertThat(host.offlines()).isEqualTo(1);
        host.accept("STATE/scada", "maybe".getBytes(StandardCharsets.UTF_8));
        assertThat(warnings.lines()).hasSize(1);
    }

    @Test
    void anotherHostsStateIsNotThisOnes() {
        host.accept("spBv1.0/STATE/other", "{\"online\": true, \"timestamp\": 1}".getBytes(StandardCharsets.UTF_8));
        assertThat(host.online()).isFalse();
        assertThat(warnings.lines()).hasSize(1);
    }
}
