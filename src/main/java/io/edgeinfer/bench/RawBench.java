package io.edgeinfer.bench;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import java.util.List;

/** The baseline: DJL's predict called in a tight loop on prepared windows, nothing else. */
public final class RawBench {
    private RawBench() {
    }

    public static LatencyStats run(ModelRunner model, List<Window> windows) throws InferenceException {
        long[] lat = new long[windows.size()];
        long start = System.nanoTime();
        for (int i = 0; i < windows.size(); i++) {
            long t0 = System.nanoTime();
            model.predict(windows.get(i));
            lat[i] = System.nanoTime() - t0;
        }
        return LatencyStats.of(lat, lat.length, System.nanoTime() - start);
    }
}
