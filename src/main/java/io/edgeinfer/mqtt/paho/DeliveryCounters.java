package io.edgeinfer.mqtt.paho;

import java.util.concurrent.atomic.AtomicLong;

/** The delivery counters the drain and the publisher share (docs: the {@code edgeinfer.mqtt.*} meters). */
final class DeliveryCounters {
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong transientDropped = new AtomicLong();
}
