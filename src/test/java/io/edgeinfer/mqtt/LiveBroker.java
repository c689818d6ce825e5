package io.edgeinfer.mqtt;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real broker per test: the embedded one on a free port on 127.0.0.1, and a probe subscribed to
 * {@code filter} before the test starts. Register it with {@code @RegisterExtension}.
 */
public final class LiveBroker implements BeforeEachCallback, AfterEachCallback {
    private final String filter;
    private EmbeddedBroker broker;
    private MqttProbe probe;

    public LiveBroker(String filter) {
        this.filter = filter;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        broker = new EmbeddedBroker("127.0.0.1", 0);
        probe = new MqttProbe(broker.url(), filter);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        probe.close();
        broker.close();
    }

    public String url() {
        return broker.url();
    }

    /** Everything published under the filter since the test started. */
    public MqttProbe probe() {
        return probe;
    }
}
