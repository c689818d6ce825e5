package io.edgeinfer.mqtt.sparkplug;

import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Handles NCMD messages for this edge node; today: {@code Node Control/Rebirth}. */
public final class NodeCommands {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommands.class);

    private final Runnable rebirth;

    public NodeCommands(Runnable rebirth) {
        this.rebirth = rebirth;
    }

    /** Decodes an NCMD payload; a malformed one is logged and ignored. */
    public void accept(String topic, byte[] payload) {
        SparkplugBPayload p;
        try {
            p = new SparkplugBPayloadDecoder().buildFromByteArray(payload, null);
        } catch (Exception e) {
            LOG.warn("ignored malformed Sparkplug NCMD on {}: {}", topic, e.getMessage());
            return;
        }
        for (Metric m : p.getMetrics()) {
            if (SparkplugWire.REBIRTH.equals(m.getName()) && Boolean.TRUE.equals(m.getValue())) {
                LOG.info("Sparkplug rebirth requested");
                rebirth.run();
            }
        }
    }
}
