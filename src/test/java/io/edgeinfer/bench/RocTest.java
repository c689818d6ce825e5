package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocTest {
    @Test
    void aucIsTheChanceAnAbnormalScoreBeatsANormalOneWithTiesHalf() {
        assertThat(Roc.auc(new double[]{1, 2, 3}, new double[]{4, 5})).isEqualTo(1.0);
        assertThat(Roc.auc(new double[]{4, 5}, new double[]{1, 2, 3})).isEqualTo(0.0);
        // pairs: (1 vs 2) win, (3 vs 2) lose, (1 vs 3) tie... normal {1, 3}, abnormal {2, 3}: 2>1 win, 2<3 lose,
        // 3>1 win, 3=3 half -> 2.5 / 4
        assertThat(Roc.auc(new double[]{1, 3}, new double[]{2, 3})).isCloseTo(0.625, within(1e-12));
        assertThat(Roc.auc(new double[0], new double[]{1})).isNaN();
    }

    @Test
    void aboveCountsTheShareOverTheThreshold() {
        assertThat(Roc.above(new double[]{1, 2, 3, 4}, 2.5)).isEqualTo(0.5);
    }
}
