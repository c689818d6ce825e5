package io.edgeinfer.control.client;

import static io.edgeinfer.control.client.RolloutDriverTest.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counts the operator waits on, kept as reports replace each other. */
class ReportTallyTest {
    private static JsonNode at(long revision, String state) throws Exception {
        return report("\"revision\": " + revision + ", \"stage\": 0, \"stage_kind\": \"serve\", \"member\": true, "
                + "\"state\": \"" + state + "\"");
    }

    @Test
    void aStageIsOverWhenEveryDeviceAnsweredItsRevisionWithAFinalState() throws Exception {
        ReportTally t = new ReportTally();
        assertThat(t.settled(3)).as("nobody reported").isFalse();
        t.put("a", at(3, "serving"));
        t.put("b", at(3, "swapping"));
        assertThat(t.settled(3)).isFalse();
        t.put("b", at(3, "not_member"));
        assertThat(t.settled(3)).isTrue();
        t.put("c", at(2, "serving"));
        assertThat(t.settled(3)).as("c has not answered revision 3").isFalse();
        assertThat(t.settled(2)).isFalse();
        t.put("c", at(3, "rolled_back"));
        assertThat(t.settled(3)).isTrue();
        assertThat(t.devices()).isEqualTo(3);
    }

    @Test
    void aNewReportReplacesWhatTheDevicesPreviousOneCounted() throws Exception {
        ReportTally t = new ReportTally();
        t.put("a", at(3, "fetching"));
        t.put("a", at(3, "swapping"));
        t.put("b", at(3, "swapping"));
        t.put("c", at(2, "serving"));
        assertThat(t.states(3)).isEqualTo(Map.of("swapping", 2));
        t.put("a", at(3, "serving"));
        t.put("c", at(3, "serving"));
        assertThat(t.states(3)).isEqualTo(Map.of("swapping", 1, "serving", 2));
        assertThat(t.states(2)).isEmpty();
    }

    @Test
    void aStateThisOperatorDoesNotKnowIsNotFinal() throws Exception {
        ReportTally t = new ReportTally();
        t.put("a", at(3, "defragmenting"));
        assertThat(t.settled(3)).isFalse();
        assertThat(t.states(3)).isEqualTo(Map.of("defragmenting", 1));
    }
}
