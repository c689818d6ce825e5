package io.edgeinfer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventHubTest {
    private final FakeDeviceView view = new FakeDeviceView();
    private final Access access = new Access(false, "edgeinfer dev-1", null, null, null);
    private final EventHub hub = new EventHub(new Documents(view, access, Clock.systemUTC(), 8), 8);

    /** The SSE frames written to {@code ch} so far, as text. */
    private static List<String> frames(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object m; (m = ch.readOutbound()) != null;) {
            HttpContent c = (HttpContent) m;
            out.add(c.content().toString(StandardCharsets.UTF_8));
            c.release();
        }
        return out;
    }

    private static void stopReading(EmbeddedChannel ch) {
        // What a full socket buffer does: the channel stops being writable.
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    }

    @Test
    void aPageThatStopsReadingSkipsFramesAndIsClosedWhileTheOthersGetEveryOne() {
        EmbeddedChannel reader = new EmbeddedChannel();
        EmbeddedChannel stuck = new EmbeddedChannel();
        long t = 1_000_000;
        assertThat(hub.admit(reader, t)).isTrue();
        assertThat(hub.admit(stuck, t)).isTrue();
        assertThat(frames(reader)).hasSize(3).anyMatch(f -> f.startsWith("event: status\ndata: {"));
        frames(stuck);
        stopReading(stuck);
        // Stuck from the first skipped frame; closed once that is more than EVICT_MS ago.
        for (int i = 1; i <= 6; i++) {
            view.observe(i, "imbalance");
            t += EventHub.EVICT_MS / 4;
            hub.tick(t);
            assertThat(frames(reader)).as("tick %d", i).anyMatch(f -> f.startsWith("event: pipeline\n"));
        }
        assertThat(frames(stuck)).isEmpty();
        assertThat(stuck.isOpen()).isFalse();
        assertThat(reader.isOpen()).isTrue();
        EventHub.Stats s = hub.stats();
        assertThat(s.clients()).isEqualTo(1);
        assertThat(s.skipped()).isGreaterThanOrEqualTo(5);
        assertThat(s.evicted()).isEqualTo(1);
    }

    @Test
    void aPipelineGoesOutWithEachNewPredictionAndOnceASecondOtherwise() {
        EmbeddedChannel ch = new EmbeddedChannel();
        long t = 5_000_000;
        view.observe(1, "normal");
        hub.admit(ch, t);
        frames(ch);
        hub.tick(t + EventHub.TICK_MS);
        assertThat(frames(ch)).as("nothing new").isEmpty();
        view.observe(2, "normal");
        hub.tick(t + 2 * EventHub.TICK_MS);
        assertThat(frames(ch)).singleElement().asString().startsWith("event: pipeline\n");
        hub.tick(t + EventHub.STATUS_MS);
        assertThat(frames(ch)).singleElement().asString().startsWith("event: status\n");
        hub.tick(t + 2 * EventHub.TICK_MS + EventHub.STATUS_MS);
        assertThat(frames(ch)).as("health or model may have changed").singleElement().asString().startsWith(
                "event: pipeline\n");
    }

    @Test
    void noMoreThanMaxClientsAreAdmitted() {
        EventHub small = new EventHub(new Documents(view, access, Clock.systemUTC(), 1), 1);
        assertThat(small.admit(new EmbeddedChannel(), 0)).isTrue();
        assertThat(small.admit(new EmbeddedChannel(), 0)).isFalse();
    }

    @Test
    void aClosedPageIsForgotten() {
        EmbeddedChannel ch = new EmbeddedChannel();
        hub.admit(ch, 0);
        ch.close();
        ch.runPendingTasks();
        assertThat(hub.clients()).isZero();
    }
}
