package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.SensorMount;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The simulator's mount: on top the signal is the demo model's, bit for bit; on the side it is turned. */
class MountingTest {
    /**
     * SHA-256 of the first 50 windows of {@code SimulatedDataset(1, 400, 256)} (labels and float bits)
     * as the simulator made them before it had a mount: the demo model's training data must not move.
     */
    private static final String TOP_DIGEST = "ac5576506d130ce7cfa662161494badf2fa490257822d1626f6df2290fa4fe5a";

    @Test
    void onTopTheSimulatorGivesTheDemoModelsTrainingDataUnchanged() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        SimulatedDataset d = new SimulatedDataset(1, 400, 256);
        for (int i = 0; i < 50; i++) {
            SimulatedDataset.LabelledWindow w = d.window(i);
            md.update(w.state().key().getBytes(StandardCharsets.US_ASCII));
            ByteBuffer b = ByteBuffer.allocate(w.data().length * 4);
            for (float v : w.data()) {
                b.putFloat(v);
            }
            md.update(b.array());
        }
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(TOP_DIGEST);
    }

    @Test
    void onTheSideYReadsWhatZReadAndZTheOtherRadialDirection() {
        SimulatedDataset top = new SimulatedDataset(5, 400, 64);
        SimulatedDataset side = new SimulatedDataset(5, 400, 64, SensorMount.SIDE);
        for (int i = 0; i < 5; i++) {
            float[] t = top.window(i).data();
            float[] s = side.window(i).data();
            assertThat(side.window(i).state()).isEqualTo(top.window(i).state());
            for (int k = 0; k < 64; k++) {
                assertThat(s[k]).isEqualTo(t[k]);
                assertThat(s[64 + k]).isEqualTo(t[128 + k]);
                assertThat(s[128 + k]).isEqualTo(-t[64 + k]);
            }
        }
    }
}
