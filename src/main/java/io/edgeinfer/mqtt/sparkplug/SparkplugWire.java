package io.edgeinfer.mqtt.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Publisher.Message;
import io.edgeinfer.mqtt.WireFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sparkplug B 3.0 ({@code mqtt.format: sparkplug}), encoded with Eclipse Tahu. The board is the
 * edge node; with a {@code pipelines:} list each pipeline is a device. Every session: CONNECT with
 * the NDEATH as will ({@link BdSeq}), subscriptions confirmed, the primary host online (when one is
 * configured), then NBIRTH (seq 0) and a DBIRTH per device whose input delivers, each metric with
 * its current value; then NDATA/DDATA numbered 1, 2, ... 255, 0, carrying only what changed, without
 * datatypes, at the publish time with each metric's capture time (and {@code is_historical} for the
 * backlog). A device whose input goes down gets a DDEATH, and a DBIRTH when it delivers again.
 */
public final class SparkplugWire implements WireFormat {
    private static final Logger LOG = LoggerFactory.getLogger(SparkplugWire.class);

    private final Namespace ns;
    private final int dataQos;
    private final BdSeq bdSeq;
    private final Subjects subjects;
    private final PrimaryHost primary;
    private final Commands commands;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
    private final HeldData held = new HeldData();
    private final Set<String> deviceRebirths = new HashSet<>();
    private boolean rebirth;
    private long seq;

    /**
     * @param bdSeqFile where the birth/death sequence survives restarts
     * @param labels each pipeline's model labels (one score metric each), in config order; null for a
     *     pipeline without a classifier (its anomaly metrics only)
     * @param asDevices each pipeline is a device (a config with a {@code pipelines:} list); else
     *     the single pipeline's predictions are node metrics, as before devices existed
     */
    public SparkplugWire(MqttConfig.Sparkplug config, Path bdSeqFile, Map<String, List<String>> labels,
            boolean asDevices) {
        this.ns = new Namespace(config.groupId(), config.edgeNodeId());
        this.dataQos = config.dataQos();
        this.bdSeq = new BdSeq(bdSeqFile);
        this.subjects = new Subjects(labels, asDevices);
        this.primary = config.primaryHostId() == null ? null : new PrimaryHost(config.primaryHostId(), this::changed);
        this.commands = new Commands(subjects, this, d -> {
            if (d == null) {
                requestRebirth();
            } else {
                requestDeviceRebirth(d);
            }
        });
    }

    /** A node topic: {@code spBv1.0/group/TYPE/node}. */
    public String topic(String type) {
        return ns.node(type);
    }

    /** NCMD, and each device's DCMD: subscribe to these (QoS 1) before the births. */
    public List<String> commandTopics() {
        List<String> out = new ArrayList<>(List.of(topic("NCMD")));
        subjects.devices().forEach(d -> out.add(ns.of("DCMD", d)));
        return out;
    }

    /** Handles an NCMD or DCMD; never throws. */
    public void command(String topic, byte[] payload) {
        commands.accept(topic, payload);
    }

    /** The configured primary host, or null. */
    public PrimaryHost primaryHost() {
        return primary;
    }

    /** Pipeline {@code device}'s input delivers ({@code up}) or not: a DBIRTH or DDEATH follows. */
    public void deviceInput(String device, boolean up) {
        synchronized (this) {
            Subject d = subjects.device(device);
            if (d == null || d.up == up) {
                return;
            }
            d.up = up;
        }
        changed();
    }

    void requestDeviceRebirth(String device) {
        synchronized (this) {
            deviceRebirths.add(device);
        }
        changed();
    }

    @Override
    public void requestRebirth() {
        synchronized (this) {
            rebirth = true;
        }
        changed();
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void observe(String topic, byte[] json) {
        if (Subjects.reported(topic)) {
            latest.put(topic, json);
        }
    }

    @Override
    public synchronized List<Message> encode(String topic, byte[] json, long createdMs, boolean replayed) {
        if (!Subjects.reported(topic)) {
            // Documents outside the Sparkplug model (command answers on cmd/result) keep their JSON
            // and their own topic, and take no sequence number.
            return WireFormat.JSON.encode(topic, json, createdMs, replayed);
        }
        JsonNode doc = parse(topic, json);
        if (doc == null) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        List<Message> out = new ArrayList<>();
        for (Subjects.Part part : subjects.parts(topic, doc, replayed)) {
            Subject s = part.subject();
            if (!replayed) {
                s.note(part.values(), part.ts());
            }
            if (s.device == null) {
                if (s.schema.size() != s.declared) {
                    out.addAll(births(now)); // a metric the NBIRTH did not declare (a new label)
                }
            } else if (s.born ? s.schema.size() != s.declared : s.up) {
                boolean back = !s.born;
                out.add(deviceBirth(s, now));
                if (back) {
                    out.addAll(released(s, now));
                }
            } else if (!s.born) {
                if (topic.endsWith("/predictions")) {
                    held.hold(s.device, topic, json); // telemetry of a dead device is only noted
                }
                continue;
            }
            add(out, data(s, part, replayed, now));
        }
        return out;
    }

    private Message data(Subject s, Subjects.Part part, boolean historical, long now) {
        List<Metric> ms = s.data(part.values(), part.ts(), historical);
        return ms.isEmpty()
                ? null
                : Payloads.message(ns.of(s.device == null ? "NDATA" : "DDATA", s), now, nextSeq(), ms, false, dataQos);
    }

    private static void add(List<Message> out, Message m) {
        if (m != null) {
            out.add(m);
        }
    }

    /** NBIRTH (seq 0) and a DBIRTH per live device, each metric with its current value. */
    @Override
    public synchronized List<Message> births() {
        rebirth = false;
        deviceRebirths.clear();
        long now = System.currentTimeMillis();
        List<Message> out = births(now);
        for (Subject d : subjects.devices()) {
            if (d.born) {
                out.addAll(released(d, now));
            }
        }
        LOG.info("Sparkplug births: NBIRTH (bdSeq {}) and {} DBIRTH(s)", bdSeq.current(), out.stream()
                .filter(m -> m.topic().contains("/DBIRTH/")).count());
        return out;
    }

    private List<Message> births(long now) {
        seq = 0;
        for (Map.Entry<String, byte[]> e : latest.entrySet()) {
            JsonNode doc = parse(e.getKey(), e.getValue());
            if (doc != null) {
                subjects.parts(e.getKey(), doc, false).forEach(p -> p.subject().note(p.values(), p.ts()));
            }
        }
        Subject node = subjects.node;
        List<Message> out = new ArrayList<>();
        out.add(Payloads.message(topic("NBIRTH"), now, nextSeq(),
                node.birth(now, Map.of(Subjects.BD_SEQ, bdSeq.current(), Subjects.NODE_REBIRTH, false)), true,
                dataQos));
        node.born = true;
        for (Subject d : subjects.devices()) {
            d.born = false;
            if (d.up) {
                out.add(deviceBirth(d, now));
            }
        }
        return out;
    }

    private Message deviceBirth(Subject d, long now) {
        Message m = Payloads.message(ns.of("DBIRTH", d), now, nextSeq(), d.birth(now, Map.of(Subjects.DEVICE_REBIRTH,
                false)),
                true, dataQos);
        d.born = true;
        return m;
    }

    /** A rebirth that was asked for; DDEATH for devices whose input went down, DBIRTH for those back. */
    @Override
    public synchronized List<Message> pending() {
        if (!subjects.node.born) {
            return List.of();
        }
        if (rebirth) {
            return births();
        }
        long now = System.currentTimeMillis();
        List<Message> out = new ArrayList<>();
        for (Subject d : subjects.devices()) {
            if (d.born && !d.up) {
                out.add(Payloads.message(ns.of("DDEATH", d), now, nextSeq(), List.of(), true, dataQos));
                d.born = false;
                LOG.info("Sparkplug device {}: DDEATH (its input is down)", d.device);
            } else if (d.up && (!d.born || deviceRebirths.contains(d.device))) {
                out.add(deviceBirth(d, now));
                out.addAll(released(d, now));
                LOG.info("Sparkplug device {}: DBIRTH", d.device);
            } else if (deviceRebirths.contains(d.device)) {
                LOG.warn(
                        "Sparkplug device {} asked to rebirth while its input is down: its DBIRTH follows when it delivers again",
                        d.device);
            }
        }
        deviceRebirths.clear();
        return out;
    }

    /** What a dead device made meanwhile, as historical DDATA after its DBIRTH. */
    private List<Message> released(Subject d, long now) {
        List<Message> out = new ArrayList<>();
        for (HeldData.Doc h : held.take(d.device)) {
            JsonNode doc = parse(h.topic(), h.json());
            if (doc != null) {
                subjects.parts(h.topic(), doc, true).forEach(p -> add(out, data(p.subject(), p, true, now)));
            }
        }
        return out;
    }

    private long nextSeq() {
        long s = seq;
        seq = (seq + 1) % 256;
        return s;
    }

    /** The NDEATH for the next CONNECT: its bdSeq is reserved (on disk) before the attempt. */
    @Override
    public synchronized Message will() {
        return ndeath(bdSeq.forNextConnect());
    }

    @Override
    public synchronized void connectAttempted(boolean sent) {
        bdSeq.attempted(sent);
        if (sent) {
            subjects.node.born = false;
            subjects.devices().forEach(d -> d.born = false);
        }
    }

    /** The current session's NDEATH, for a clean stop. */
    @Override
    public synchronized Message death() {
        return ndeath(bdSeq.current());
    }

    private Message ndeath(long n) {
        long now = System.currentTimeMillis();
        return Payloads.message(topic("NDEATH"), now, null,
                List.of(Payloads.metric(Subjects.BD_SEQ, MetricDataType.Int64, n, now, false)), true, 1);
    }

    @Override
    public boolean cleanSession() {
        return true;
    }

    @Override
    public boolean birthsAllowed() {
        return primary == null || primary.online();
    }

    @Override
    public long sessionEpoch() {
        return primary == null ? 0 : primary.offlines();
    }

    private static JsonNode parse(String topic, byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            LOG.warn("not sent as Sparkplug: the document on {} is not JSON ({})", topic, e.getMessage());
            return null;
        }
    }
}
