package io.edgeinfer.control.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.control.fleet.Stage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live line while a stage waits, and how it is drawn on a terminal. */
class StageProgressTest {
    private static final Stage SERVE_25 = new Stage(Stage.Kind.SERVE, 25);

    @Test
    void theLineShowsTheStageTheShareFinalAndTheCommonestStates() {
        FleetBroker.Progress p = new FleetBroker.Progress(1000, Map.of("serving", 380, "not_member", 32, "swapping",
                3, "watching", 29));
        assertThat(StageProgress.render(2, 4, SERVE_25, 13, p, 12_400)).isEqualTo(
                "stage 3/4 serve:25% (revision 13) [########............] 412/1000 final"
                        + " | serving 380, not_member 32, watching 29, swapping 3, not answered 556 | 12 s");
    }

    @Test
    void beforeAnyAnswerTheBarIsEmptyAndEveryDeviceIsWaitedFor() {
        FleetBroker.Progress p = new FleetBroker.Progress(7, Map.of());
        assertThat(StageProgress.render(0, 2, new Stage(Stage.Kind.SHADOW, 100), 1, p, 0)).isEqualTo(
                "stage 1/2 shadow:100% (revision 1) [....................] 0/7 final | not answered 7 | 0 s");
    }

    @Test
    void aGroupWithoutReportsSaysSo() {
        FleetBroker.Progress p = new FleetBroker.Progress(0, Map.of());
        assertThat(StageProgress.render(0, 2, SERVE_25, 1, p, 5_000)).isEqualTo(
                "stage 1/2 serve:25% (revision 1) [....................] 0/0 final | no device has reported | 5 s");
    }

    @Test
    void onlyTheFourCommonestStatesAreNamed() {
        FleetBroker.Progress p = new FleetBroker.Progress(10, Map.of("serving", 5, "watching", 2, "swapping", 1,
                "fetching", 1, "refused", 1));
        assertThat(StageProgress.render(1, 2, SERVE_25, 5, p, 3_000)).contains(
                "| serving 5, watching 2, fetching 1, refused 1 |").doesNotContain("swapping");
    }

    @Test
    void aLiveLineIsRewrittenInPlaceAndErasedBeforeOtherOutput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LiveLine line = LiveLine.on(new PrintStream(out, true, StandardCharsets.UTF_8));
        line.clear();
        line.show("stage 1/2 12 s");
        line.show("stage 1/2 13 s");
        line.clear();
        line.clear();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\rstage 1/2 12 s\033[K\rstage 1/2 13 s\033[K\r\033[K");
    }
}
