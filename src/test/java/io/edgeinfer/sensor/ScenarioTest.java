package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    private static final long S = 1_000_000_000L;

    @Test
    void stateFollowsTheScheduleAlignedToTheEpochAndRepeats() {
        Scenario s = new Scenario(List.of(new ScenarioStep(MachineState.NORMAL, 2), new ScenarioStep(
                MachineState.IMBALANCE, 1.5)));
        assertThat(s.stateAt(0)).isEqualTo(MachineState.NORMAL);
        assertThat(s.stateAt(2 * S - 1)).isEqualTo(MachineState.NORMAL);
        assertThat(s.stateAt(2 * S)).isEqualTo(MachineState.IMBALANCE);
        assertThat(s.stateAt(3 * S + S / 2 - 1)).isEqualTo(MachineState.IMBALANCE);
        assertThat(s.stateAt(3 * S + S / 2)).isEqualTo(MachineState.NORMAL);
        long cycles = 1_000_000L;
        assertThat(s.stateAt(cycles * 7 * S / 2 + 2 * S)).isEqualTo(MachineState.IMBALANCE);
    }

    @Test
    void aStepSetsSpeedAndLoadAndItsFaultLevelRampsAcrossIt() {
        Scenario s = new Scenario(List.of(new ScenarioStep(MachineState.NORMAL, 10, 35.0, 1.5, 1, null),
                new ScenarioStep(MachineState.BEARING_FAULT, 100, null, 1, 0, 1.0)));
        assertThat(s.operatingAt(S)).isEqualTo(new VibrationSignal.Operating(35, 1.5, 1));
        assertThat(s.operatingAt(10 * S).faultLevel()).isZero();
        assertThat(s.operatingAt(35 * S).faultLevel()).isEqualTo(0.25);
        assertThat(s.operatingAt(35 * S).shaftHz()).isNaN();
        assertThat(s.operatingAt(110 * S + 35 * S).faultLevel()).isEqualTo(0.25);
        assertThat(s.cycleNanos()).isEqualTo(110 * S);
    }
}
