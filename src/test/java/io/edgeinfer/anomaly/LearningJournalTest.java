package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningJournalTest {
    @TempDir
    Path dir;

    private static final LearningJournal.Header HEADER = new LearningJournal.Header("hash-1", "", 1234, 3);

    @Test
    void recordsSurviveAReopenAndATornLastRecordIsCutOff() throws Exception {
        Path f = dir.resolve("b.learning");
        boolean[] resumed = new boolean[1];
        try (LearningJournal j = LearningJournal.open(f, HEADER, resumed)) {
            assertThat(resumed[0]).isFalse();
            for (int i = 0; i < 100; i++) {
                j.append(new double[]{i, -i, 0.5});
            }
        }
        // A crash in the middle of a write leaves part of a record.
        Files.write(f, new byte[]{1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        try (LearningJournal j = LearningJournal.open(f, HEADER, resumed)) {
            assertThat(resumed[0]).isTrue();
            assertThat(j.size()).isEqualTo(100);
            assertThat(j.startedMs()).isEqualTo(1234);
            j.append(new double[]{100, -100, 0.5});
        }
        try (LearningJournal j = LearningJournal.open(f, HEADER, resumed)) {
            double[][] r = j.records();
            assertThat(r).hasNumberOfRows(101);
            assertThat(r[100]).containsExactly(100, -100, 0.5);
            assertThat(r[42]).containsExactly(42, -42, 0.5);
        }
    }

    @Test
    void aJournalOfOtherSettingsOrOtherBaselineStartsOver() throws Exception {
        Path f = dir.resolve("b.learning");
        boolean[] resumed = new boolean[1];
        try (LearningJournal j = LearningJournal.open(f, HEADER, resumed)) {
            j.append(new double[]{1, 2, 3});
        }
        assertThat(LearningJournal.resumable(f, HEADER)).isTrue();
        LearningJournal.Header other = new LearningJournal.Header("hash-2", "", 99, 3);
        assertThat(LearningJournal.resumable(f, other)).isFalse();
        try (LearningJournal j = LearningJournal.open(f, other, resumed)) {
            assertThat(resumed[0]).isFalse();
            assertThat(j.size()).isZero();
        }
        Files.write(f, "not a journal".getBytes());
        try (LearningJournal j = LearningJournal.open(f, HEADER, resumed)) {
            assertThat(resumed[0]).isFalse();
        }
    }
}
