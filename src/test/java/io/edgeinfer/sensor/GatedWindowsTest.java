package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.GpioTriggerConfig.Mode;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.WindowSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatedWindowsTest {
    /** A trigger whose state the test sets. */
    private static final class FakeTrigger implements TriggerInput {
        long activeSince = Long.MAX_VALUE;
        long lastActivation = Long.MIN_VALUE;
        boolean started;
        boolean closed;

        void activate(long at) {
            activeSince = at;
            lastActivation = at;
        }

        @Override
        public void start() {
            started = true;
        }

        @Override
        public long activeSince() {
            return activeSince;
        }

        @Override
        public long lastActivation() {
            return lastActivation;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Hands windows to the gate from the test. */
    private static final class Feed implements WindowSource {
        WindowSink sink;

        @Override
        public void start(WindowSink s) {
            sink = s;
        }

        @Override
        public void close() {
        }

        void send(long start, long end) throws InterruptedException {
            sink.accept(new Window(0, start, end, 0, 1, 1, new float[1]));
        }
    }

    private final FakeTrigger trigger = new FakeTrigger();
    private final Feed feed = new Feed();
    private final SourceStats stats = new SourceStats();
    private final List<Window> out = new ArrayList<>();

    @Test
    void gatePassesOnlyWindowsTakenWhollyWhileActive() throws Exception {
        GatedWindows g = new GatedWindows(feed, trigger, Mode.GATE, stats);
        g.start(out::add);
        assertThat(trigger.started).isTrue();
        feed.send(100, 200);
        trigger.activate(150);
        feed.send(100, 200); // began before the input came on
        feed.send(150, 250);
        feed.send(300, 400);
        trigger.activeSince = Long.MAX_VALUE;
        feed.send(400, 500);
        assertThat(out).extracting(Window::startNanos).containsExactly(150L, 300L);
        assertThat(stats.gatedWindowsTotal()).isEqualTo(3);
        g.close();
        assertThat(trigger.closed).isTrue();
    }

    @Test
    void edgePassesOneWindowPerActivation() throws Exception {
        new GatedWindows(feed, trigger, Mode.EDGE, stats).start(out::add);
        feed.send(10, 10);
        trigger.activate(100);
        feed.send(90, 90);
        feed.send(120, 120);
        feed.send(130, 130);
        trigger.activeSince = Long.MAX_VALUE;
        trigger.activate(200);
        feed.send(210, 210);
        feed.send(220, 220);
        assertThat(out).extracting(Window::startNanos).containsExactly(120L, 210L);
        assertThat(stats.gatedWindowsTotal()).isEqualTo(4);
    }
}
