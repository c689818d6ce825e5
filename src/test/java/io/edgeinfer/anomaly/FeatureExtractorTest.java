package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.model.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
    private static final String BANDS = """
            shaft: {hz: 25}
            bands:
              - {from_order: 0.5, to_order: 1.5}
              - {from_hz: 90, to_hz: 110}
            """;

    private static double feature(FeatureExtractor fx, double[] v, String name) {
        return v[fx.names().indexOf(name)];
    }

    @Test
    void aSineHasTheTextbookStatisticsAndItsEnergyInItsBand() {
        AnomalyConfig c = Signals.config(BANDS, 400);
        FeatureExtractor fx = new FeatureExtractor(c, List.of("a", "b"), 400, 400, false);
        // a: 0.5 g at 25 Hz (1x of the known speed); b: 0.2 g at 97 Hz
        float[] d = Signals.sines(400, 400, new double[]{0.5, 0.2}, new double[]{25, 97});
        double[] v = fx.extract(Window.of(0, new int[]{2, 400}, d), Condition.UNKNOWN).vector();
        assertThat(fx.names()).containsExactly("a.rms", "a.peak", "a.crest", "a.kurtosis", "b.rms", "b.peak", "b.crest",
                "b.kurtosis", "a.band_0.5x-1.5x", "a.band_90hz-110hz", "b.band_0.5x-1.5x", "b.band_90hz-110hz");
        assertThat(feature(fx, v, "a.rms")).isCloseTo(Math.log10(0.5 / Math.sqrt(2)), within(0.002));
        assertThat(feature(fx, v, "a.peak")).isCloseTo(Math.log10(0.5), within(0.002));
        assertThat(feature(fx, v, "a.crest")).isCloseTo(Math.log10(Math.sqrt(2)), within(0.002));
        // The kurtosis of a sine is 1.5 (a Gaussian's is 3).
        assertThat(feature(fx, v, "b.kurtosis")).isCloseTo(Math.log10(1.5), within(0.002));
        assertThat(feature(fx, v, "a.band_0.5x-1.5x")).isCloseTo(Math.log10(0.125), within(0.005));
        assertThat(feature(fx, v, "b.band_90hz-110hz")).isCloseTo(Math.log10(0.02), within(0.005));
        // An empty band is far below the channel's power, and finite.
        assertThat(feature(fx, v, "a.band_90hz-110hz")).isLessThan(Math.log10(0.125) - 5).isFinite();
    }

    @Test
    void orderBandsFollowTheEstimatedOrGivenSpeed() {
        AnomalyConfig c = Signals.config("bands: [{from_order: 1.5, to_order: 2.5}]", 400);
        FeatureExtractor fx = new FeatureExtractor(c, List.of("a"), 256, 400, true);
        // 1x at 22 Hz, 2x at 44 Hz with 0.12 g: the 2x band holds 0.0072 g^2 whatever the speed.
        double[] hz = {22, 44};
        float[] one = Signals.sines(256, 400, new double[]{0.1}, new double[]{hz[0]});
        float[] two = Signals.sines(256, 400, new double[]{0.12}, new double[]{hz[1]});
        for (int i = 0; i < one.length; i++) {
            one[i] += two[i];
        }
        WindowFeatures f = fx.extract(Window.of(0, new int[]{1, 256}, one), Condition.UNKNOWN);
        assertThat(f.shaftHz()).isCloseTo(22, within(0.4));
        assertThat(feature(fx, f.vector(), "a.band_1.5x-2.5x")).isCloseTo(Math.log10(0.0072), within(0.01));
        assertThat(feature(fx, f.vector(), "shaft_hz")).isCloseTo(Math.log10(22), within(0.01));
        WindowFeatures given = fx.extract(Window.of(0, new int[]{1, 256}, one), new Condition(11, 1.5));
        assertThat(given.shaftHz()).isEqualTo(11);
        assertThat(feature(fx, given.vector(), "load")).isCloseTo(Math.log10(1.5), within(1e-9));
        assertThat(fx.conditionIndices()).containsExactly(fx.names().indexOf("shaft_hz"), fx.names().indexOf("load"));
    }

    @Test
    void bearingTonesAddEnvelopeFeaturesAndAKnownSpeedDropsTheSpeedFeature() {
        AnomalyConfig c = Signals.config(
                "shaft: {hz: 25}\nenvelope: {tones: [{name: bpfo, order: 3.58}, {name: bsf, hz: 61}]}",
                12_000);
        FeatureExtractor fx = new FeatureExtractor(c, List.of("a"), 2048, 12_000, false);
        assertThat(fx.names()).contains("a.env_bpfo", "a.env_bsf").doesNotContain("shaft_hz");
        assertThat(fx.conditionIndices()).containsExactly(-1, -1);
    }
}
