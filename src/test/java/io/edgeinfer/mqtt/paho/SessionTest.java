package io.edgeinfer.mqtt.paho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static Session session(List<Session.Subscription> subs) throws MqttException {
        return new Session(new MqttAsyncClient("tcp://127.0.0.1:1", "session-test", new MemoryPersistence()), 10, subs,
                cause -> {
                });
    }

    @Test
    void aSessionLetGoWhenItsLinkDiedCanStillBeDisconnectedByTheStop() throws Exception {
        Session s = session(List.of());
        s.dispose(); // the connection supervisor, when the link died
        assertThatCode(s::disconnect).as("the stop, a moment later").doesNotThrowAnyException();
        assertThatCode(s::dispose).doesNotThrowAnyException();
    }

    /** Paho closes the connection on anything its callback throws, and the broker then publishes the will. */
    @Test
    void whatAHandlerThrowsNeverReachesPahoAndTheOtherHandlersStillRun() throws Exception {
        List<String> seen = new ArrayList<>();
        Session s = session(List.of(
                new Session.Subscription("spBv1.0/plant/NCMD/pi", (t, p) -> {
                    throw new IllegalStateException("a decoder that throws");
                }),
                new Session.Subscription("spBv1.0/plant/NCMD/+", (t, p) -> {
                    throw new StackOverflowError("a payload nested too deep");
                }),
                new Session.Subscription("spBv1.0/#", (t, p) -> seen.add(t))));
        assertThatCode(() -> s.messageArrived("spBv1.0/plant/NCMD/pi", new MqttMessage(new byte[]{1, 2, 3})))
                .doesNotThrowAnyException();
        assertThat(seen).containsExactly("spBv1.0/plant/NCMD/pi");
    }

    @Test
    void onlyAnAttemptThatNeverReachedABrokerLeavesItsConnectUnsent() {
        assertThat(ConnectionSupervisor.connectSent(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR)))
                .as("refused").isFalse();
        assertThat(ConnectionSupervisor.connectSent(new MqttException(new ConnectException("Connection refused"))))
                .isFalse();
        assertThat(ConnectionSupervisor.connectSent(new MqttException(new SSLHandshakeException("PKIX")))).isFalse();
        assertThat(ConnectionSupervisor.connectSent(new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED)))
                .as("refused by the broker: it got the CONNECT").isTrue();
        assertThat(ConnectionSupervisor.connectSent(new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT)))
                .as("no CONNACK in time").isTrue();
        assertThat(ConnectionSupervisor.connectSent(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST)))
                .isTrue();
    }
}
