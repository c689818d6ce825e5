package io.edgeinfer.mqtt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Moquette 0.17 reports a message over its size limit as an unexpected error with a 45-line stack
 * trace, then closes the sender's connection (MQTT 3.1.1 has no way to refuse one message). This
 * filter replaces that report with one line that says what happened and which key sets the limit.
 */
final class OversizedMessageLog extends TurboFilter {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Where Moquette reports exceptions from its Netty pipeline, the decoder's included. */
    private static final String HANDLER = "io.moquette.broker.NewNettyMQTTHandler";
    private static final String TOO_LONG = "TooLongFrameException";

    private final int limit;

    private OversizedMessageLog(int limit) {
        this.limit = limit;
    }

    /** Installs the filter where logging is Logback (the daemon's); returns it, or null elsewhere. */
    static OversizedMessageLog install(int limit) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return null;
        }
        OversizedMessageLog filter = new OversizedMessageLog(limit);
        filter.start();
        context.addTurboFilter(filter);
        return filter;
    }

    void uninstall() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getTurboFilterList().remove(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
            Object[] params, Throwable t) {
        if (level != Level.ERROR || !HANDLER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable tooLong = tooLong(t);
        Object client = null;
        for (Object p : params == null ? new Object[0] : params) {
            if (p instanceof Throwable e && tooLong == null) {
                tooLong = tooLong(e);
            } else if (!(p instanceof Throwable)) {
                client = p;
            }
        }
        if (tooLong == null) {
            return FilterReply.NEUTRAL;
        }
        LOG.warn("embedded MQTT broker refused a message from client {}: {} (limit {} bytes: control.max_command_bytes "
                + "plus room for the topic); it closed that client's connection, MQTT 3.1.1 cannot refuse one message",
                client, tooLong.getMessage(), limit);
        return FilterReply.DENY;
    }

    private static Throwable tooLong(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (TOO_LONG.equals(c.getClass().getSimpleName())) {
                return c;
            }
        }
        return null;
    }
}
