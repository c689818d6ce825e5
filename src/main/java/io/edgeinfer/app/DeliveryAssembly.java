package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.mqtt.paho.PahoPublisher;
import io.edgeinfer.mqtt.sparkplug.NodeCommands;
import io.edgeinfer.mqtt.sparkplug.SparkplugWire;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.OutboxException;
import io.edgeinfer.outbox.SqliteOutbox;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery half of the composition root: the embedded broker when the config asks for one, the
 * outbox predictions wait in, the wire format, and the sender that drains the outbox to the broker.
 */
final class DeliveryAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAssembly.class);

    private DeliveryAssembly() {}

    /** Where messages wait and which broker takes them. */
    record Store(String brokerUrl, EmbeddedBroker broker, Outbox outbox) {}

    /** The connection: the sender and, in Sparkplug mode, the wire format that answers rebirths. */
    record Link(Publisher sender, SparkplugWire sparkplug) {}

    /** Starts the embedded broker (if configured) and opens the outbox; both are registered with {@code closer}. */
    static Store openStore(DaemonConfig config, Clock clock, Closer closer) throws ConfigException, IOException {
        String url = config.mqtt().broker();
        EmbeddedBroker broker = null;
        if (config.mqtt().usesEmbeddedBroker()) {
            // Commands above control.max_command_bytes are refused at the broker's door.
            broker = closer.add("embedded broker", new EmbeddedBroker(config.mqtt().embedded().host(),
                    config.mqtt().embedded().port(), config.control().maxCommandBytes()));
            url = broker.url();
            LOG.info("embedded MQTT broker on {}", url);
        }
        Outbox outbox = closer.add("outbox", openOutbox(config, clock));
        outbox.start();
        return new Store(url, broker, outbox);
    }

    private static Outbox openOutbox(DaemonConfig config, Clock clock) throws ConfigException {
        if (!config.outbox().enabled()) {
            LOG.warn("outbox disabled: predictions wait in memory only and are lost if the process stops");
            return new MemoryOutbox(clock, config.outbox().maxMessages());
        }
        try {
            return SqliteOutbox.open(config.outbox(), clock);
        } catch (OutboxException e) {
            throw new ConfigException("outbox.path", e.getMessage());
        }
    }

    /**
     * Builds the sender (not started) with the status document as its will and birth; the caller
     * registers its close, which says offline.
     *
     * @param labels the serving model's labels, which Sparkplug declares in its birth
     */
    static Link connect(DaemonConfig config, Store store, List<String> labels, StatusMessages status, Clock clock)
            throws ConfigException, IOException {
        SparkplugWire sparkplug = null;
        WireFormat format = WireFormat.JSON;
        if (MqttConfig.SPARKPLUG.equals(config.mqtt().format())) {
            // bdSeq lives beside the outbox: both are the device's delivery state.
            sparkplug = new SparkplugWire(config.mqtt().sparkplug(),
                    config.outbox().path().toAbsolutePath().resolveSibling("sparkplug-bdseq"), labels);
            format = sparkplug;
        }
        Supplier<Publisher.Message> birth = status::online;
        Publisher sender;
        try {
            sender = new PahoPublisher(config.mqtt(), store.brokerUrl(), store.outbox(), format, status.offline(), birth,
                    clock);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("mqtt.tls", e.getMessage());
        }
        if (sparkplug != null) {
            sender.subscribe(sparkplug.topic("NCMD"), new NodeCommands(sender::rebirth)::accept);
        }
        return new Link(sender, sparkplug);
    }
}
