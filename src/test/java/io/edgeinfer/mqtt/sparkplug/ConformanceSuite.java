package io.edgeinfer.mqtt.sparkplug;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the conformance suites share: one scenario run once against a {@link SparkplugRig} (in the
 * suite's {@code @BeforeAll}), what the tap saw cut into connections, and the rig closed after the
 * last rule was judged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSuite {
    SparkplugRig rig;
    Recording rec;
    Checks checks;

    /** Reads the tap once the scenario is over; {@code ndeathTopic} is the node's will topic. */
    void recorded(String ndeathTopic) throws Exception {
        rec = new Recording(rig.tap.packets(), ndeathTopic);
        checks = new Checks(rec);
    }

    @AfterAll
    void closeRig() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }
}
