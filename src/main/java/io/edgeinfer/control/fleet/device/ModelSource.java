package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.FleetTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where a job's model comes from: the desired state's URL (fetched by the deployment itself, as
 * {@code cmd/model} fetches), or its chunks, which this assembles in {@code control.model_dir/fleet}
 * and then hands on as a {@code file://} URL inside the model directory. Subscribes to the chunks only
 * while it waits for them.
 */
final class ModelSource implements AutoCloseable {
    private final DesiredState.ModelSpec model;
    private final String filter;
    private final ChunkAssembly assembly;
    private final LongSupplier nanoTime;
    private final long timeoutNanos;
    private final ChunkSink sink;
    private long startNanos;
    private boolean subscribed;
    private String ready;

    /**
     * The agent's side: subscribes to the chunk topics under {@code topicPrefix} and hands what
     * arrives to the source (on the agent's thread), until told to stop.
     */
    interface ChunkSink {
        void listen(String topicPrefix, ModelSource source);

        void stop(String topicPrefix);
    }

    /**
     * @param dir {@code control.model_dir/fleet}
     * @param timeoutS chunks still missing after this long refuse the model ({@code control.transfer_timeout_s})
     */
    ModelSource(DesiredState doc, FleetTopics topics, Path dir, long maxBytes, double timeoutS,
            LongSupplier nanoTime, ChunkSink sink) throws CommandException {
        this.model = doc.model();
        this.nanoTime = nanoTime;
        this.sink = sink;
        this.timeoutNanos = (long) (timeoutS * 1e9);
        if (model.url() != null) {
            this.filter = null;
            this.assembly = null;
            this.ready = model.url();
        } else {
            this.filter = topics.chunks(doc.group(), model.sha256());
            this.assembly = new ChunkAssembly(dir, model.sha256(), model.chunks(), maxBytes);
        }
    }

    /**
     * The URL to fetch the model from once it is here, or null while chunks are missing.
     *
     * @throws CommandException the chunks did not all come in time, or do not make the model
     */
    String url() throws CommandException {
        if (ready != null) {
            return ready;
        }
        if (assembly.alreadyThere()) {
            return done(assembly.file());
        }
        if (!subscribed) {
            subscribed = true;
            startNanos = nanoTime.getAsLong();
            sink.listen(filter, this);
        }
        if (assembly.complete()) {
            try {
                return done(assembly.finish());
            } catch (IOException e) {
                throw new CommandException("io_error", "the model's chunks cannot be stored: " + e.getMessage(), e);
            }
        }
        if (nanoTime.getAsLong() - startNanos > timeoutNanos) {
            close();
            throw new CommandException("chunks_missing", assembly.missing() + " of " + model.chunks().count()
                    + " chunks of the model did not arrive within control.transfer_timeout_s");
        }
        return null;
    }

    /** What the job waits for, for the report. */
    String waiting() {
        return assembly == null
                ? null
                : String.format(Locale.ROOT, "%d of %d chunks received",
                        model.chunks().count() - assembly.missing(), model.chunks().count());
    }

    /** A chunk arrived (topic {@code filter + index}). */
    void chunk(String topic, byte[] data) throws CommandException, IOException {
        if (ready != null || assembly == null) {
            return;
        }
        int index;
        try {
            index = Integer.parseInt(topic.substring(filter.length()));
        } catch (NumberFormatException e) {
            throw new CommandException("chunk_mismatch", "chunk topic " + topic + " has no index");
        }
        assembly.accept(index, data);
    }

    private String done(Path file) {
        close();
        ready = file.toUri().toString();
        return ready;
    }

    /** Stops listening for chunks; the assembled model stays for a later stage. */
    @Override
    public void close() {
        if (subscribed) {
            subscribed = false;
            sink.stop(filter);
        }
    }

    /** Removes the model this source brought (the rollout is over). */
    void forget() {
        close();
        if (assembly != null) {
            assembly.discard();
            try {
                Files.deleteIfExists(assembly.file());
            } catch (IOException e) {
                // a leftover model file in the fleet folder is harmless
            }
        }
    }
}
