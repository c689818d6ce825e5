package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SmoothingTest {
    @Test
    void withoutSmoothingTheMewmaIsTheSquaredDistance() {
        Mewma m = new Mewma(1);
        assertThat(m.update(new double[]{3, 4}, 0)).isCloseTo(25, within(1e-12));
        assertThat(m.update(new double[]{1, 0}, 0)).isCloseTo(1, within(1e-12));
    }

    @Test
    void theFirstWindowScoresItselfAndAPersistentShiftIsAmplified() {
        Mewma m = new Mewma(0.1);
        assertThat(m.update(new double[]{2, 0}, 0)).isCloseTo(4, within(1e-9));
        double s = 0;
        for (int i = 0; i < 500; i++) {
            s = m.update(new double[]{2, 0}, 0);
        }
        // steady state: |e|^2 (2 - lambda) / lambda
        assertThat(s).isCloseTo(4 * 19, within(1e-6));
    }

    @Test
    void anotherComponentOrAResetStartsOver() {
        Mewma m = new Mewma(0.1);
        for (int i = 0; i < 50; i++) {
            m.update(new double[]{2, 0}, 0);
        }
        assertThat(m.update(new double[]{1, 0}, 1)).isCloseTo(1, within(1e-9));
        m.reset();
        assertThat(m.update(new double[]{0, 3}, 1)).isCloseTo(9, within(1e-9));
    }

    @Test
    void theScoreAverageStartsAtTheFirstScoreAndFollowsALevel() {
        ScoreEwma e = new ScoreEwma(0.2);
        assertThat(e.update(5)).isCloseTo(5, within(1e-12));
        double v = 0;
        for (int i = 0; i < 200; i++) {
            v = e.update(1);
        }
        assertThat(v).isCloseTo(1, within(1e-9));
        e.reset();
        assertThat(e.update(7)).isCloseTo(7, within(1e-12));
    }
}
