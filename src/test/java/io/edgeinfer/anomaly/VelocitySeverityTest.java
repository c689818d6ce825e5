package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.config.AnomalyConfig.Foundation;
import io.edgeinfer.config.AnomalyConfig.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class VelocitySeverityTest {
    private static final double G = VelocitySeverity.STANDARD_GRAVITY;

    /** v_rms = a_peak / (2 pi f) / sqrt(2), in mm/s. */
    private static double expected(double peakG, double hz) {
        return peakG * G / (2 * Math.PI * hz) / Math.sqrt(2) * 1000;
    }

    private static io.edgeinfer.anomaly.Severity severity(double rate, int n, double[] peakG, double[] hz, // clash
            double[] toMs2,
            Severity config) {
        Spectrum s = new Spectrum(n);
        float[] x = Signals.sines(n, rate, peakG, hz);
        double[][] p = new double[peakG.length][n / 2 + 1];
        for (int c = 0; c < peakG.length; c++) {
            s.power(x, c * n, 0, p[c]);
        }
        List<String> names = List.of("a", "b", "c").subList(0, peakG.length);
        return new VelocitySeverity(config, names, toMs2, rate, n, n / 2 + 1).of(p);
    }

    @Test
    void oneGAt100HzIs11MillimetresPerSecondAt12KilohertzAnd400Hertz() {
        Severity group2Rigid = new Severity(2, Foundation.RIGID, null);
        var fast = severity(12_000, 2048, new double[]{1}, new double[]{100}, new double[]{G}, group2Rigid);
        assertThat(expected(1, 100)).isCloseTo(11.04, within(0.01));
        assertThat(fast.velocityRmsMmS()).isCloseTo(expected(1, 100), within(expected(1, 100) * 0.01));
        assertThat(fast.upperHz()).isEqualTo(1000, within(6.0));
        assertThat(fast.zone()).isEqualTo("D");
        var slow = severity(400, 256, new double[]{1}, new double[]{100}, new double[]{G}, group2Rigid);
        assertThat(slow.velocityRmsMmS()).isCloseTo(expected(1, 100), within(expected(1, 100) * 0.01));
        assertThat(slow.upperHz()).isEqualTo(200);
    }

    @Test
    void theWorstChannelCountsAndOnlyAccelerationChannelsAreEvaluated() {
        Severity group1Flexible = new Severity(1, Foundation.FLEXIBLE, null);
        // 0.1 g at 50 Hz: 2.21 mm/s; 1 m/s^2 at 30 Hz: 3.75 mm/s; a volts channel is left out.
        var s = severity(12_000, 4096, new double[]{0.1, 1, 5}, new double[]{50, 30, 80},
                new double[]{G, 1, Double.NaN}, group1Flexible);
        assertThat(s.channels()).extracting(io.edgeinfer.anomaly.Severity.Channel::channel).containsExactly("a", "b"); // clash
        assertThat(s.channel()).isEqualTo("b");
        assertThat(s.velocityRmsMmS()).isCloseTo(1 / (2 * Math.PI * 30) / Math.sqrt(2) * 1000, within(0.05));
        assertThat(s.zone()).isEqualTo("B");
        assertThat(s.channels().get(0).zone()).isEqualTo("A");
        assertThat(severity(400, 256, new double[]{1}, new double[]{50}, new double[]{Double.NaN}, group1Flexible))
                .isNull();
    }

    @Test
    void zoneBoundariesFollowTheTableUnlessReplaced() {
        assertThat(VelocitySeverity.standardBoundaries(1, Foundation.RIGID)).containsExactly(2.3, 4.5, 7.1);
        assertThat(VelocitySeverity.standardBoundaries(1, Foundation.FLEXIBLE)).containsExactly(3.5, 7.1, 11.0);
        assertThat(VelocitySeverity.standardBoundaries(2, Foundation.RIGID)).containsExactly(1.4, 2.8, 4.5);
        assertThat(VelocitySeverity.standardBoundaries(2, Foundation.FLEXIBLE)).containsExactly(2.3, 4.5, 7.1);
        var own = new VelocitySeverity(new Severity(2, Foundation.RIGID, List.of(20.0, 30.0, 40.0)), List.of("a"),
                new double[]{G}, 400, 256, 129);
        assertThat(own.zone(11.04)).isEqualTo("A");
        assertThat(own.zone(35)).isEqualTo("C");
    }
}
