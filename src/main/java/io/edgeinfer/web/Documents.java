package io.edgeinfer.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The JSON API's documents (docs/web.md; schemas docs/web-status.schema.json and
 * docs/web-pipeline.schema.json), built from the port's snapshots on the page's thread. The page
 * and scripts read the same documents.
 */
final class Documents {
    static final int API_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().setPropertyNamingStrategy(
            PropertyNamingStrategies.SNAKE_CASE);

    private final DeviceView view;
    private final Access access;
    private final Clock clock;
    private final int maxClients;
    private byte[] telemetryBytes;
    private JsonNode telemetry;
    private Boolean connected;
    private long linkChangedMs;

    Documents(DeviceView view, Access access, Clock clock, int maxClients) {
        this.view = view;
        this.access = access;
        this.clock = clock;
        this.maxClients = maxClients;
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    static byte[] bytes(JsonNode doc) {
        try {
            return MAPPER.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("document cannot be encoded", e);
        }
    }

    /** {@code GET /api/status}: the device, its link, checks and telemetry, and a summary of every pipeline. */
    ObjectNode status(EventHub.Stats live) {
        long now = clock.millis();
        DeviceView.Device d = view.device();
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("api_version", API_VERSION);
        doc.put("ts_ms", now);
        ObjectNode device = MAPPER.valueToTree(d);
        device.put("uptime_s", Math.max(0, now - d.startedMs()) / 1000);
        doc.set("device", device);
        ObjectNode page = doc.putObject("page");
        page.put("actions", access.actionsMode(d.signedCommands()));
        page.put("auth", access.authMode());
        page.put("clients", live.clients());
        page.put("max_clients", maxClients);
        page.put("frames_sent_total", live.sent());
        page.put("frames_skipped_total", live.skipped());
        page.put("clients_closed_total", live.evicted());
        doc.set("link", link(now));
        doc.set("startup", MAPPER.valueToTree(view.startup()));
        doc.set("telemetry", telemetry());
        ArrayNode pipelines = doc.putArray("pipelines");
        for (DeviceView.Pipeline p : view.pipelines()) {
            pipelines.add(summary(p, p.recorder().snapshot()));
        }
        return doc;
    }

    /** {@code GET /api/pipelines}. */
    ObjectNode pipelines() {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("api_version", API_VERSION);
        ArrayNode list = doc.putArray("pipelines");
        for (DeviceView.Pipeline p : view.pipelines()) {
            list.add(summary(p, p.recorder().snapshot()));
        }
        return doc;
    }

    /** {@code GET /api/pipelines/{id}}: the summary plus the last window, the label timeline and the swaps. */
    ObjectNode pipeline(DeviceView.Pipeline p) {
        PipelineRecorder.Snapshot s = p.recorder().snapshot();
        ObjectNode doc = summary(p, s);
        doc.put("api_version", API_VERSION);
        doc.put("ts_ms", clock.millis());
        Observation o = s.latest();
        boolean image = o != null && Signals.isImage(o.dims());
        doc.set("signal", o == null || image ? MAPPER.nullNode() : Signals.signal(MAPPER, o, p.input()));
        doc.set("frame", image ? frame(p.id(), o) : MAPPER.nullNode());
        doc.set("timeline", MAPPER.valueToTree(s.timeline()));
        doc.set("swaps", MAPPER.valueToTree(s.swaps()));
        return doc;
    }

    /** The pipelines as the port lists them now. */
    List<DeviceView.Pipeline> pipelinesNow() {
        return view.pipelines();
    }

    DeviceView.Pipeline find(String id) {
        for (DeviceView.Pipeline p : view.pipelines()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }

    private ObjectNode summary(DeviceView.Pipeline p, PipelineRecorder.Snapshot s) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("id", p.id());
        doc.set("input", MAPPER.valueToTree(p.input()));
        doc.set("health", MAPPER.valueToTree(p.health()));
        doc.set("counters", MAPPER.valueToTree(p.counters()));
        doc.set("model", MAPPER.valueToTree(p.model()));
        doc.set("prediction", prediction(s.latest()));
        doc.set("latency", MAPPER.valueToTree(s.latency()));
        ObjectNode failures = doc.putObject("failures");
        failures.put("seen", s.failed());
        failures.set("last_ms", s.lastFailureMs() == null
                ? MAPPER.nullNode()
                : MAPPER.getNodeFactory().numberNode(s.lastFailureMs()));
        return doc;
    }

    private static JsonNode prediction(Observation o) {
        if (o == null) {
            return MAPPER.nullNode();
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("seq", o.seq());
        n.put("window_index", o.windowIndex());
        n.put("ts_ms", o.tsMs());
        n.put("label", o.label());
        n.put("confidence", Math.round(o.confidence() * 10000) / 10000.0);
        ObjectNode scores = n.putObject("scores");
        o.scores().forEach((k, v) -> scores.put(k, Math.round(v * 10000) / 10000.0));
        ArrayNode flags = n.putArray("flags");
        o.flags().stream().sorted().forEach(flags::add);
        n.put("origin", o.origin());
        n.put("latency_ms", Math.round(o.latencyNanos() / 1000.0) / 1000.0);
        ObjectNode model = n.putObject("model");
        model.put("name", o.modelName());
        model.put("version", o.modelVersion());
        model.put("sha256", o.modelSha256());
        return n;
    }

    private static ObjectNode frame(String id, Observation o) {
        ObjectNode f = MAPPER.createObjectNode();
        f.put("window_index", o.windowIndex());
        f.put("width", o.dims()[2]);
        f.put("height", o.dims()[1]);
        f.put("url", "/api/pipelines/" + id + "/frame.png?seq=" + o.seq());
        return f;
    }

    /** The link as the port says, with when the page last saw it connect or drop. */
    private ObjectNode link(long now) {
        DeviceView.Link l = view.link();
        if (connected == null || connected != l.connected()) {
            connected = l.connected();
            linkChangedMs = now;
        }
        ObjectNode n = MAPPER.valueToTree(l);
        n.put("changed_ms", linkChangedMs);
        return n;
    }

    /** Parsed once per message: the reporter sends one every few seconds. */
    private JsonNode telemetry() {
        byte[] b = view.lastTelemetry();
        if (b == null) {
            return MAPPER.nullNode();
        }
        if (b != telemetryBytes) {
            try {
                telemetry = MAPPER.readTree(b);
            } catch (IOException e) {
                telemetry = MAPPER.nullNode();
            }
            telemetryBytes = b;
        }
        return telemetry;
    }

    /** Notes a connect or drop of the link even while nobody looks, so {@code changed_ms} is right when someone does. */
    void sampleLink() {
        link(clock.millis());
    }
}
