package io.edgeinfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.pipeline.PostProcessor.Classification;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostProcessorTest {
    private final PostProcessor post = new PostProcessor(List.of("a", "b", "c"));

    @Test
    void softmaxMatchesTheDefinitionAndPicksTheLargestLogit() {
        Classification c = post.classify(new float[]{1f, 3f, 2f});
        double z = Math.exp(1) + Math.exp(3) + Math.exp(2);
        assertThat(c.label()).isEqualTo("b");
        assertThat(c.scores().get("a")).isCloseTo(Math.exp(1) / z, within(1e-12));
        assertThat(c.scores().get("b")).isCloseTo(Math.exp(3) / z, within(1e-12));
        assertThat(c.confidence()).isEqualTo(c.scores().get("b"));
        assertThat(c.scores().keySet()).containsExactly("a", "b", "c");
    }

    @Test
    void hugeLogitsDoNotOverflow() {
        Classification c = post.classify(new float[]{1000f, 999f, -1000f});
        assertThat(c.scores().values()).allSatisfy(v -> assertThat(v).isFinite());
        assertThat(c.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(c.label()).isEqualTo("a");
    }

    @Test
    void wrongNumberOfLogitsIsRefused() {
        assertThatThrownBy(() -> post.classify(new float[]{1f, 2f})).hasMessageContaining("2 logits for 3 labels");
    }

    @Test
    void nonFiniteLogitsAreRefusedNotClassified() {
        assertThatThrownBy(() -> post.classify(new float[]{Float.NaN, 1f, 2f}))
                .hasMessageContaining("logit 0 of 3 is NaN");
        assertThatThrownBy(() -> post.classify(new float[]{1f, 2f, Float.POSITIVE_INFINITY}))
                .hasMessageContaining("logit 2 of 3 is Infinity");
    }
}
