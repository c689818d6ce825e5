package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.ObservedOutbox;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.mqtt.paho.PahoPublisher;
import io.edgeinfer.mqtt.sparkplug.PrimaryHost;
import io.edgeinfer.mqtt.sparkplug.SparkplugWire;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.OutboxException;
import io.edgeinfer.outbox.SqliteOutbox;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery half of the composition root: the embedded broker when the config asks for one, the
 * outbox predictions wait in, the wire format, and the sender that drains the outbox to the broker.
 * In Sparkplug format the wire format sees every document as it enters the outbox (its births carry
 * current values), answers NCMD/DCMD and the primary host's STATE, and hears each pipeline's input
 * health (a device whose input is down is dead).
 */
final class DeliveryAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAssembly.class);

    private DeliveryAssembly() {
    }

    /**
     * Where messages wait, which broker takes them, and how they are encoded.
     *
     * @param sparkplug the wire format when it is Sparkplug B, else null
     */
    record Store(String brokerUrl, EmbeddedBroker broker, Outbox outbox, WireFormat format, SparkplugWire sparkplug) {
    }

    /** The connection: the sender and, in Sparkplug mode, the wire format that answers rebirths. */
    record Link(Publisher sender, SparkplugWire sparkplug) {
    }

    /**
     * Starts the embedded broker (if configured) and opens the outbox; both are registered with {@code closer}.
     *
     * @param models each pipeline's classifier by pipeline id (Sparkplug declares a score metric per
     *     label); none for a pipeline without a classifier
     */
    static Store openStore(DaemonConfig config, Map<String, ModelRunner> models, Clock clock, Closer closer)
            throws ConfigException, IOException {
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
        if (!MqttConfig.SPARKPLUG.equals(config.mqtt().format())) {
            return new Store(url, broker, outbox, WireFormat.JSON, null);
        }
        // bdSeq lives beside the outbox: both are the device's delivery state.
        SparkplugWire sparkplug = new SparkplugWire(config.mqtt().sparkplug(),
                config.outbox().path().toAbsolutePath().resolveSibling("sparkplug-bdseq"), labels(config, models),
                config.named());
        return new Store(url, broker, new ObservedOutbox(outbox, sparkplug), sparkplug, sparkplug);
    }

    /** Each pipeline's model labels by pipeline id, in config order; null for a pipeline without a classifier. */
    private static Map<String, List<String>> labels(DaemonConfig config, Map<String, ModelRunner> models) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PipelineSpec p : config.pipelines()) {
            ModelRunner model = models.get(p.id());
            out.put(p.id(), model == null ? null : model.info().labels());
        }
        return out;
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
     * registers its close, which says offline. Sparkplug's command and STATE topics are subscribed
     * (before any birth, on every connection), and each pipeline's input health is its device's life.
     *
     * @param connected told of every connection (as its birth is made), before anything else is sent on it
     */
    static Link connect(DaemonConfig config, Store store, List<RunningPipeline> pipelines, StatusMessages status,
            Clock clock,
            Runnable connected) throws ConfigException, IOException {
        Supplier<Publisher.Message> birth = () -> {
            connected.run();
            return status.online();
        };
        Publisher sender;
        try {
            sender = new PahoPublisher(config.mqtt(), store.brokerUrl(), store.outbox(), store.format(), status
                    .offline(),
                    birth, clock);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("mqtt.tls", e.getMessage());
        }
        SparkplugWire sparkplug = store.sparkplug();
        if (sparkplug != null) {
            for (String topic : sparkplug.commandTopics()) {
                sender.subscribe(topic, sparkplug::command);
            }
            PrimaryHost host = sparkplug.primaryHost();
            if (host != null) {
                sender.subscribe(host.stateTopic(), host::accept);
                sender.subscribe(host.legacyStateTopic(), host::accept);
            }
            if (config.named()) {
                for (RunningPipeline p : pipelines) {
                    Runnable input = () -> sparkplug.deviceInput(p.id(), !p.health().inputDegraded());
                    p.health().onChange(h -> input.run());
                    input.run();
                }
            }
        }
        return new Link(sender, sparkplug);
    }
}
