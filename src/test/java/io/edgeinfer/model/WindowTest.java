package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void anInputOfAShapeKnowsItsChannelsSizeAndShape() {
        Window image = Window.of(7, new int[]{3, 4, 5}, new float[60]);
        assertThat(image.index()).isEqualTo(7);
        assertThat(image.channels()).isEqualTo(3);
        assertThat(image.size()).isEqualTo(20);
        assertThat(image.shapeText()).isEqualTo("[1, 3, 4, 5]");
        assertThat(Window.elements(new int[]{3, 256})).isEqualTo(768);
        assertThatThrownBy(() -> Window.of(0, new int[]{3, 256}, new float[767]))
                .hasMessage("767 values for the shape [1, 3, 256]");
    }

    @Test
    void anotherIndexKeepsEverythingElse() {
        Window w = new Window(1, 10, 20, 30, 2, 2, new float[]{1, 2, 3, 4}).withFlags(Set.of(SignalFlag.STUCK));
        Window moved = w.withIndex(42);
        assertThat(moved.index()).isEqualTo(42);
        assertThat(moved.flags()).containsExactly(SignalFlag.STUCK);
        assertThat(moved.data()).isSameAs(w.data());
        assertThat(moved.startNanos()).isEqualTo(10);
    }
}
