package io.edgeinfer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class QuantilesTest {
    @Test
    void percentilesAreNearestRankSoTheyAreAlwaysAMeasuredValue() {
        // The nearest-rank example of the percentile literature: 15, 20, 35, 40, 50.
        double[] v = {15, 20, 35, 40, 50};
        assertThat(Quantiles.percentile(v, 5)).isEqualTo(15);
        assertThat(Quantiles.percentile(v, 30)).isEqualTo(20);
        assertThat(Quantiles.percentile(v, 40)).isEqualTo(20);
        assertThat(Quantiles.percentile(v, 50)).isEqualTo(35);
        assertThat(Quantiles.percentile(v, 100)).isEqualTo(50);
    }

    @Test
    void theRankOfAPercentileIsTheCeilingAndStaysInRange() {
        assertThat(Quantiles.rank(100, 99)).isEqualTo(99);
        assertThat(Quantiles.rank(10, 99)).isEqualTo(10);
        assertThat(Quantiles.rank(10, 50)).isEqualTo(5);
        assertThat(Quantiles.rank(1, 1)).isEqualTo(1);
        assertThat(Quantiles.rank(3, 0)).isEqualTo(1);
        assertThat(Quantiles.rank(0, 50)).isZero();
    }

    @Test
    void summaryOfOneToAHundredLeavesItsInputAlone() {
        long[] values = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray();
        Quantiles.Summary s = Quantiles.summary(values, 100);
        assertThat(s).isEqualTo(new Quantiles.Summary(100, 50, 95, 99, 100));
        assertThat(values[0]).as("the caller's array is not sorted in place").isEqualTo(100);
        assertThat(Quantiles.summary(values, 10)).as("only the first n count: 100..91")
                .isEqualTo(new Quantiles.Summary(10, 95, 100, 100, 100));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Quantiles.median(1, 1, 1, 9, 9, 9)).isEqualTo(5.0);
        assertThat(Quantiles.median(3, 1, 2)).isEqualTo(2.0);
        assertThat(Quantiles.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Quantiles.median(7)).isEqualTo(7.0);
    }

    @Test
    void theMedianElementIsAWholeItemTheUpperMiddleForAnEvenCount() {
        record Round(String name, double rate) {
        }
        List<Round> odd = List.of(new Round("a", 3), new Round("b", 1), new Round("c", 2));
        assertThat(Quantiles.medianBy(odd, Round::rate).name()).isEqualTo("c");
        List<Round> even = List.of(new Round("a", 4), new Round("b", 1), new Round("c", 3), new Round("d", 2));
        assertThat(Quantiles.medianBy(even, Round::rate).name()).isEqualTo("c");
    }

    @Test
    void noValuesHaveNoStatistic() {
        assertThat(Quantiles.percentile(new double[0], 50)).isNaN();
        assertThat(Quantiles.percentile(new long[0], 99)).isNaN();
        assertThat(Quantiles.median()).isNaN();
        assertThat(Quantiles.summary(new long[0], 0).max()).isNaN();
        assertThat(Quantiles.medianBy(List.<Double>of(), d -> d)).isNull();
    }
}
