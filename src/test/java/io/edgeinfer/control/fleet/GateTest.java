package io.edgeinfer.control.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.control.fleet.DeviceReport.Millis;
import io.edgeinfer.control.fleet.DeviceReport.ShadowFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {
    private static ShadowFigures shadow(double agreement, double candidateP99, double servingP99, long errors) {
        return new ShadowFigures(500, 0, agreement, Map.of(), new Millis(1, candidateP99), new Millis(1, servingP99),
                errors,
                0, null, null, null, 10, null);
    }

    @Test
    void everyTermMustHoldAndEachFailureSaysWhy() {
        Gate g = Gate.parse("agreement>=0.97, p99_ms<=2x, errors==0");
        assertThat(g.failures(shadow(0.99, 3.9, 2, 0), null, Stage.Kind.SHADOW)).isEmpty();
        assertThat(g.failures(shadow(0.9, 5, 2, 1), null, Stage.Kind.SHADOW)).containsExactly(
                "agreement 0.9000, not >= 0.9700", "p99_ms 5, not <= 4 (2x 2)", "errors 1, not == 0");
    }

    @Test
    void aTermTheDeviceCannotMeasureFailsAndATermOfAnotherStageIsSkipped() {
        Gate g = Gate.parse("energy_mj<=1.5x,agreement>=0.5");
        assertThat(g.failures(shadow(1, 1, 1, 0), null, Stage.Kind.SHADOW))
                .containsExactly("energy_mj<=1.5x: not measured on this device (no power meter)");
        DeviceReport.ServeFigures serve = new DeviceReport.ServeFigures("passed", 100, 0, new Millis(1, 2), new Millis(
                1, 2),
                1.0, 1.0, null);
        assertThat(g.failures(null, serve, Stage.Kind.SERVE)).isEmpty();
    }

    @Test
    void aGateThatDoesNotParseSaysWhichTerm() {
        assertThatThrownBy(() -> Gate.parse("agreement>=0.97,latency<5")).hasMessageContaining("'latency<5'")
                .hasMessageContaining("unknown metric 'latency'");
        assertThatThrownBy(() -> Gate.parse("agreement>=2x")).hasMessageContaining("no serving-model figure");
        assertThatThrownBy(() -> Gate.parse("errors=0")).hasMessageContaining("is not METRIC OP VALUE");
    }
}
