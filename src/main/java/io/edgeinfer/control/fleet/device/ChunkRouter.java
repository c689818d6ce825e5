package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model pieces the agent's jobs wait for: subscribes to a model's chunk topics while a source
 * listens (the link's thread only queues what arrives, {@code arrived}), and hands each piece,
 * on the agent's thread, to the source whose topics it came on.
 */
final class ChunkRouter implements ModelSource.ChunkSink {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkRouter.class);

    private final FleetLink link;
    private final BiConsumer<String, byte[]> arrived;
    private final Map<String, ModelSource> sources = new LinkedHashMap<>();

    ChunkRouter(FleetLink link, BiConsumer<String, byte[]> arrived) {
        this.link = link;
        this.arrived = arrived;
    }

    @Override
    public void listen(String prefix, ModelSource source) {
        sources.put(prefix, source);
        link.subscribe(prefix + "+", arrived);
    }

    @Override
    public void stop(String prefix) {
        sources.remove(prefix);
        link.unsubscribe(prefix + "+");
    }

    /** A piece that arrived on {@code topic}; one no source waits for any more is dropped. */
    void deliver(String topic, byte[] data) {
        for (Map.Entry<String, ModelSource> e : sources.entrySet()) {
            if (topic.startsWith(e.getKey())) {
                try {
                    e.getValue().chunk(topic, data);
                } catch (CommandException | IOException ex) {
                    LOG.warn("fleet: chunk {} refused: {}", topic, ex.getMessage());
                }
                return;
            }
        }
    }
}
