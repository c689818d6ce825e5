package io.edgeinfer.control.fleet.device;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revisions a device applied, per group, on disk ({@code control.state_dir/fleet-state.json}):
 * written whole to a temporary file, flushed to the disk and moved over the old one, so a power cut
 * leaves either the old or the new state. It is what makes a retained document the broker replays
 * after a restart a non-event rather than a command.
 */
final class AppliedRevisions {
    private static final Logger LOG = LoggerFactory.getLogger(AppliedRevisions.class);
    private static final TypeReference<Map<String, GroupRecord>> TYPE = new TypeReference<>() {
    };

    private final Path file;

    AppliedRevisions(Path file) {
        this.file = file;
    }

    /**
     * What was saved; empty when nothing was. A file that cannot be read is moved aside (and said so):
     * the device then acts on the groups' current desired states as a new device would.
     */
    Map<String, GroupRecord> load() {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(Json.mapper().readValue(file.toFile(), TYPE));
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            LOG.error(
                    "fleet state {} cannot be read ({}); moved to {}: the current desired states apply as on a new device",
                    file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moved) {
                LOG.error("cannot move {} aside: {}", file, moved.getMessage());
            }
            return new LinkedHashMap<>();
        }
    }

    void save(Map<String, GroupRecord> groups) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(groups)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
