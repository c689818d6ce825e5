package io.edgeinfer.mqtt.paho;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

class SessionTest {
    @Test
    void aSessionLetGoWhenItsLinkDiedCanStillBeDisconnectedByTheStop() throws Exception {
        Session s = new Session(new MqttAsyncClient("tcp://127.0.0.1:1", "session-test", new MemoryPersistence()), 10,
                List.of(), cause -> { });
        s.dispose(); // the connection supervisor, when the link died
        assertThatCode(s::disconnect).as("the stop, a moment later").doesNotThrowAnyException();
        assertThatCode(s::dispose).doesNotThrowAnyException();
    }
}
