package io.edgeinfer.mqtt.homeassistant;

import io.edgeinfer.mqtt.Publisher;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Home Assistant's discovery configs of this board at the broker: all of them (retained) on
 * every connection, again when Home Assistant announces itself ({@code online} on its status topic,
 * after a random delay of up to 2 s, as its docs ask of devices so a restart does not meet every
 * device at once), and a changed one when it changes (a model swap brings other labels). Runs on
 * the daemon's publishing thread, never on the MQTT client's.
 *
 * <p>Retained messages do not go through the outbox: one the sender drops (link down, window full)
 * is sent again at the next check, every half second.
 */
public final class DiscoveryAnnouncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryAnnouncer.class);
    private static final long CHECK_MS = 500;
    private static final long JITTER_MS = 2000;
    private static final long NEVER = Long.MAX_VALUE;

    private final Discovery discovery;
    private final Publisher sender;
    private final Supplier<List<Discovery.Pipeline>> pipelines;
    private final boolean named;
    private final String homeAssistantStatus;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean newConnection;
    /** What this connection has been sent, by topic. */
    private final Map<String, String> sent = new HashMap<>();
    private volatile long announceAtNanos = NEVER;
    private ScheduledFuture<?> checks;

    /**
     * @param pipelines what the entities read, as of now (the serving models' labels)
     * @param homeAssistantStatus where Home Assistant announces itself ({@code homeassistant.status_topic})
     * @param thread the daemon's publishing thread
     * @param newConnection set on every connection to the broker (the sender's birth); cleared here
     */
    public DiscoveryAnnouncer(Discovery discovery, Publisher sender, Supplier<List<Discovery.Pipeline>> pipelines,
            boolean named, String homeAssistantStatus, ScheduledExecutorService thread, AtomicBoolean newConnection) {
        this.discovery = discovery;
        this.sender = sender;
        this.pipelines = pipelines;
        this.named = named;
        this.homeAssistantStatus = homeAssistantStatus;
        this.thread = thread;
        this.newConnection = newConnection;
    }

    /** Subscribes to Home Assistant's status and starts the checks. */
    public void start() {
        sender.subscribe(homeAssistantStatus, (topic, payload) -> {
            if ("online".equals(new String(payload, StandardCharsets.UTF_8).trim())) {
                announceAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current()
                        .nextLong(JITTER_MS));
            }
        });
        checks = thread.scheduleWithFixedDelay(this::check, 0, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            if (!sender.isConnected()) {
                return;
            }
            boolean connection = newConnection.getAndSet(false);
            long at = announceAtNanos;
            boolean asked = at != NEVER && System.nanoTime() - at >= 0;
            if (connection || asked) {
                announceAtNanos = NEVER;
                sent.clear();
            }
            publish(connection ? "connected" : asked ? "Home Assistant came online" : null);
        } catch (RuntimeException e) {
            LOG.warn("Home Assistant discovery not published: {}", e.toString());
        }
    }

    /** Sends every config this connection has not had in its present form. */
    private void publish(String why) {
        long droppedBefore = sender.deliveryStats().transientDroppedTotal();
        int n = 0;
        for (Discovery.Config c : discovery.configs(pipelines.get(), named)) {
            String json = c.payload().toString();
            if (!json.equals(sent.get(c.topic()))) {
                sender.publish(c.topic(), json.getBytes(StandardCharsets.UTF_8), true);
                sent.put(c.topic(), json);
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        if (sender.deliveryStats().transientDroppedTotal() != droppedBefore) {
            sent.clear(); // something was not sent: all again at the next check
        } else if (why != null) {
            LOG.info("Home Assistant discovery: {} entities announced ({})", n, why);
        } else {
            LOG.info("Home Assistant discovery: {} changed entities announced again", n);
        }
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.cancel(false);
        }
    }
}
