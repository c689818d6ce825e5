package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two pipelines on one model file share its loaded module, and each still gets its own answers. */
class SharedModelsTest {
    private static final Path INT8 = Path.of("models/vibration_int8.pt");
    private static final Path FP32 = Path.of("models/vibration_fp32.pt");
    private static final List<String> LABELS = List.of("normal", "imbalance", "misalignment", "bearing_fault");
    private static final int[] DIMS = {3, 256};

    private static DjlModelRunner load(Path file, SharedModels shared) throws ModelLoadException {
        return DjlModelRunner.load(file, "m", "1", LABELS, DIMS, "test", shared);
    }

    @Test
    void theSameFileIsLoadedOnceAndClosedWithItsLastRunner() throws Exception {
        SharedModels shared = new SharedModels();
        DjlModelRunner a = load(INT8, shared);
        DjlModelRunner b = load(INT8, shared);
        DjlModelRunner c = load(FP32, shared);
        assertThat(shared.loaded()).isEqualTo(2);
        a.close();
        a.close();
        assertThat(shared.loaded()).as("b still serves it; a second close releases nothing more").isEqualTo(2);
        b.close();
        assertThat(shared.loaded()).isEqualTo(1);
        c.close();
        assertThat(shared.loaded()).isZero();
    }

    @Test
    void twoThreadsOnOneSharedModuleAnswerExactlyAsTwoSeparateLoads() throws Exception {
        SharedModels shared = new SharedModels();
        try (DjlModelRunner a = load(INT8, shared);
                DjlModelRunner b = load(INT8, shared);
                DjlModelRunner alone = DjlModelRunner.load(INT8, "m", "1", LABELS, DIMS, "test")) {
            List<Window> windows = windows(400);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<float[][]> fa = pool.submit(run(a, windows));
                Future<float[][]> fb = pool.submit(run(b, windows));
                float[][] expected = run(alone, windows).call();
                assertThat(fa.get()).isDeepEqualTo(expected);
                assertThat(fb.get()).isDeepEqualTo(expected);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Callable<float[][]> run(ModelRunner runner, List<Window> windows) {
        return () -> {
            float[][] out = new float[windows.size()][];
            for (int i = 0; i < windows.size(); i++) {
                out[i] = runner.predict(windows.get(i)).logits();
            }
            return out;
        };
    }

    private static List<Window> windows(int n) {
        SplittableRandom rng = new SplittableRandom(7);
        return IntStream.range(0, n).mapToObj(i -> {
            float[] data = new float[Window.elements(DIMS)];
            for (int j = 0; j < data.length; j++) {
                data[j] = (float) rng.nextGaussian() * 0.3f;
            }
            return Window.of(i, DIMS, data);
        }).toList();
    }
}
