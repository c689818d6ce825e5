package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.anomaly.AnomalyResult.State;
import io.edgeinfer.config.CsvReplayConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.data.CsvRecording;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.VibrationSignal;
import io.edgeinfer.sensor.Windower;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real-recording shape through the same API: a two-channel accelerometer recording at 12 kHz
 * (CSV, one row per sample, as csv-replay reads it), windows of 2048 samples every 1024.
 */
class RecordingTest {
    private static final double RATE = 12_000;

    @TempDir
    Path dir;

    /**
     * Writes {@code normal} samples of normal running at 29 Hz, then {@code faulty} with a bearing
     * fault; {@code missing} samples are left out after the normal part (a gap in the recording).
     */
    private Path record(int normal, int faulty, int missing) throws Exception {
        Path f = dir.resolve("rec.csv");
        VibrationSignal signal = new VibrationSignal(21, RATE);
        float[] s = new float[3];
        // The machine was running before the recording started: skip the simulator's run-up to 29 Hz.
        for (int i = 0; i < RATE; i++) {
            signal.next(MachineState.NORMAL, new VibrationSignal.Operating(29, 1, 0.5), s, 0);
        }
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write("t,axial,radial\n");
            for (int i = 0; i < normal + missing + faulty; i++) {
                MachineState st = i < normal + missing ? MachineState.NORMAL : MachineState.BEARING_FAULT;
                signal.next(st, new VibrationSignal.Operating(29, 1, 0.5), s, 0);
                if (i < normal || i >= normal + missing) {
                    w.write((i / RATE) + "," + s[2] + "," + s[1] + "\n");
                }
            }
        }
        return f;
    }

    private static List<Window> windows(Path file) throws Exception {
        List<Window> out = new ArrayList<>();
        Windower windower = new Windower(2, 2048, 1024, out::add);
        try (CsvRecording rec = CsvRecording.open(file, "t", List.of("axial", "radial"))) {
            CsvRecording.Row row;
            while ((row = rec.next()) != null) {
                windower.accept(new SampleBlock(Math.round(row.timeS() * 1e9), 0, 2, 1, row.values()));
            }
        }
        return out;
    }

    @Test
    void twelveKilohertzTwoChannelRecordingsLearnAlarmAndGetASeverity() throws Exception {
        Path file = record(330 * 1024, 60 * 1024, 0);
        CsvReplayConfig replay = new CsvReplayConfig(file, "t", List.of("axial", "radial"), RATE, 0, false, null,
                List.of("g", "g"));
        StreamShape shape = StreamShape.of(replay, new WindowConfig(2048, 1024));
        var config = Signals.config("learn_windows: 300\nshaft: {min_hz: 10, max_hz: 60}", RATE);
        List<Window> w = windows(file);
        try (AnomalyStage stage = AnomalyStage.open(config, shape, dir.resolve("b"), null, Runnable::run,
                Clock.systemUTC())) {
            List<AnomalyResult> r = new ArrayList<>();
            for (Window x : w) {
                r.add(stage.score(x));
            }
            assertThat(r.subList(0, 300)).allSatisfy(x -> assertThat(x.state()).isEqualTo(State.LEARNING));
            assertThat(r.subList(301, 328)).noneMatch(AnomalyResult::alarm);
            assertThat(r.get(r.size() - 1).state()).isEqualTo(State.ANOMALY);
            AnomalyResult last = r.get(r.size() - 1);
            assertThat(last.severity().channels()).extracting(Severity.Channel::channel).containsExactly("axial",
                    "radial");
            assertThat(last.severity().upperHz()).isEqualTo(1000, Offset.offset(6.0));
            assertThat(last.severity().velocityRmsMmS()).isGreaterThan(r.get(310).severity().velocityRmsMmS());
            assertThat(r.get(310).shaftHz()).isCloseTo(29, Offset.offset(0.5));
        }
    }

    @Test
    void aWindowAcrossMissingSamplesIsASensorFaultAndUnknownUnitsHaveNoSeverity() throws Exception {
        Path file = record(8 * 1024, 4 * 1024, 3000);
        CsvReplayConfig replay = new CsvReplayConfig(file, "t", List.of("axial", "radial"), RATE, 0, false, null);
        StreamShape shape = StreamShape.of(replay, new WindowConfig(2048, 1024));
        var config = Signals.config("", RATE);
        try (AnomalyStage stage = AnomalyStage.open(config, shape, dir.resolve("b"), null, Runnable::run,
                Clock.systemUTC())) {
            List<AnomalyResult> r = new ArrayList<>();
            for (Window x : windows(file)) {
                r.add(stage.score(x));
            }
            assertThat(r).filteredOn(x -> x.state() == State.SENSOR_FAULT).isNotEmpty()
                    .allSatisfy(x -> assertThat(x.flags()).containsExactly(SignalFlag.GAP));
            assertThat(r).allSatisfy(x -> assertThat(x.severity()).isNull());
            assertThat(stage.status().learning().windows())
                    .isEqualTo(r.stream().filter(x -> x.state() == State.LEARNING).count());
        }
    }
}
