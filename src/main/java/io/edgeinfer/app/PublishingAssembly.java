package io.edgeinfer.app;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.mqtt.PublishModes;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.mqtt.homeassistant.Discovery;
import io.edgeinfer.mqtt.homeassistant.DiscoveryAnnouncer;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The daemon's one publishing thread ({@code edgeinfer-publish}: batches and their linger timers,
 * Home Assistant discovery) and what runs on it besides the pipelines' modes.
 */
final class PublishingAssembly {
    private PublishingAssembly() {
    }

    /**
     * The publishing thread, registered with {@code closer} before the pipelines are, so it shuts
     * down after they have handed over what their modes hold.
     */
    static ScheduledExecutorService thread(Closer closer) {
        ScheduledExecutorService publisher = PublishModes.newPublisherThread();
        closer.add("publishing thread", () -> {
            publisher.shutdown();
            publisher.awaitTermination(2, TimeUnit.SECONDS);
        });
        return publisher;
    }

    /**
     * Announces the board to Home Assistant (docs/homeassistant.md) on every connection, when Home
     * Assistant comes online and when a config changes; nothing when {@code homeassistant.enabled} is off.
     *
     * @param connected set by the sender on every connection (as its birth is made)
     */
    static void homeAssistant(DaemonConfig config, Topics topics, Pipelines pipelines, Publisher sender,
            ScheduledExecutorService publisher, AtomicBoolean connected, Closer closer) {
        if (!config.homeAssistant().enabled()) {
            return;
        }
        Discovery discovery = new Discovery(config.homeAssistant(), topics, Version.get());
        Supplier<List<Discovery.Pipeline>> now = () -> Discovery.pipelines(config, topics,
                p -> pipelines.byId(p.id()).orElseThrow().classifier().orElseThrow().info().labels());
        closer.add("Home Assistant discovery", new DiscoveryAnnouncer(discovery, sender, now, config.named(),
                config.homeAssistant().statusTopic(), publisher, connected)).start();
    }
}
