package io.edgeinfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.anomaly.AnomalyResult.State;
import io.edgeinfer.anomaly.AnomalyStage;
import io.edgeinfer.anomaly.Signals;
import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.model.Window;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anomaly stage on the inference thread: with a classifier, alone, and replaced while the loop runs. */
class AnomalyScoringTest {
    private final WindowQueue queue = new WindowQueue(1000, Overflow.BLOCK);
    private final PipelineStats stats = new PipelineStats(queue, "motor");
    private final List<Prediction> out = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final AnomalyScoring scoring = new AnomalyScoring("motor");
    private InferenceLoop loop;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop(1000);
        }
        AnomalyStage s = scoring.detach();
        if (s != null) {
            s.close();
        }
    }

    private AnomalyStage stage(String name) throws Exception {
        return AnomalyStage.open(Signals.config("enabled: true\nlearn_windows: 100", Signals.RATE), Signals.SHAPE,
                dir.resolve(name + ".baseline"), null, Runnable::run, Clock.systemUTC());
    }

    private void feed(List<Window> windows) throws InterruptedException {
        for (Window w : windows) {
            loop.submit(w);
        }
    }

    @Test
    void aPipelineWithoutAModelPublishesTheAnomalyResultOfEveryWindow() throws Exception {
        scoring.attach(stage("alone"));
        AtomicInteger changes = new AtomicInteger();
        scoring.onChange(changes::incrementAndGet);
        loop = new InferenceLoop(queue, null, null, out::add, stats, fatal::set, "edgeinfer-inference-motor", scoring);
        loop.start();
        feed(Signals.normal(5, 130));
        await().atMost(Duration.ofSeconds(20)).until(() -> out.size() == 130);
        assertThat(out).allSatisfy(p -> {
            assertThat(p.model()).isNull();
            assertThat(p.result()).isNull();
            assertThat(p.anomaly()).isNotNull();
            assertThat(p.inferenceNanos()).as("the stage's time stands for inference").isPositive();
        });
        assertThat(out.get(0).anomaly().state()).isEqualTo(State.LEARNING);
        assertThat(out.get(129).anomaly().state()).isEqualTo(State.NORMAL);
        assertThat(scoring.last()).isSameAs(out.get(129).anomaly());
        assertThat(changes.get()).as("learning, then ready").isEqualTo(2);
        assertThat(stats.inferencesTotal()).isEqualTo(130);
        assertThat(fatal.get()).isNull();
    }

    @Test
    void withAClassifierBothAnswersTravelInOnePrediction() throws Exception {
        scoring.attach(stage("both"));
        FakeModelRunner model = new FakeModelRunner(List.of("a", "b"), w -> new float[]{1, 0});
        loop = new InferenceLoop(queue, model, new PostProcessor(model.info().labels()), out::add, stats, fatal::set,
                "edgeinfer-inference-motor", scoring);
        loop.start();
        feed(Signals.normal(6, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> out.size() == 5);
        assertThat(out).allSatisfy(p -> {
            assertThat(p.result().label()).isEqualTo("a");
            assertThat(p.anomaly().state()).isEqualTo(State.LEARNING);
        });
    }

    @Test
    void gaugesAppearOnceAStageIsAttachedAndFollowTheLastWindow() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        scoring.bindTo(registry);
        assertThat(registry.find("edgeinfer.anomaly.score").gauge()).as("no stage, no meters").isNull();
        scoring.attach(stage("meters"));
        loop = new InferenceLoop(queue, null, null, out::add, stats, fatal::set, "edgeinfer-inference-motor", scoring);
        loop.start();
        feed(Signals.normal(7, 110));
        await().atMost(Duration.ofSeconds(20)).until(() -> out.size() == 110);
        assertThat(registry.get("edgeinfer.anomaly.score").tag("pipeline", "motor").gauge().value())
                .isEqualTo(out.get(109).anomaly().score());
        assertThat(registry.get("edgeinfer.anomaly.threshold").gauge().value()).isPositive();
        assertThat(registry.get("edgeinfer.anomaly.alarm").gauge().value()).isZero();
        assertThat(registry.get("edgeinfer.anomaly.learning").gauge().value()).isZero();
        assertThat(registry.get("edgeinfer.severity.velocity.rms.mm.s").gauge().value())
                .isEqualTo(out.get(109).anomaly().severity().velocityRmsMmS());
    }

    @Test
    void aStageReplacedWhileWindowsFlowIsHandedBackAndTheNextWindowsGoToTheNewOne() throws Exception {
        AnomalyStage first = stage("first");
        scoring.attach(first);
        assertThatThrownBy(() -> scoring.attach(first)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("detach");
        loop = new InferenceLoop(queue, null, null, out::add, stats, fatal::set, "edgeinfer-inference-motor", scoring);
        loop.start();
        List<Window> windows = Signals.normal(8, 300);
        feed(windows.subList(0, 150));
        // Detached while the loop is busy: the window in progress finishes with the first stage.
        await().atMost(Duration.ofSeconds(20)).until(() -> out.size() >= 120);
        AnomalyStage old = scoring.detach();
        assertThat(old).isSameAs(first);
        old.close();
        scoring.attach(stage("second"));
        feed(windows.subList(150, 300));
        await().atMost(Duration.ofSeconds(20)).until(() -> out.get(out.size() - 1).window().index() == 299);
        assertThat(out).as("a window between detach and attach has nothing to publish on a model-less pipeline")
                .allSatisfy(p -> assertThat(p.anomaly()).isNotNull());
        List<Prediction> second = out.stream().filter(p -> p.window().index() >= 150).toList();
        assertThat(second).hasSize(150);
        assertThat(second.get(0).anomaly().state()).as("a new baseline file: learning from scratch").isEqualTo(
                State.LEARNING);
        assertThat(second.get(149).anomaly().state()).isEqualTo(State.NORMAL);
        assertThat(fatal.get()).isNull();
    }
}
