package io.edgeinfer.telemetry;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.TelemetryMessage;
import io.edgeinfer.mqtt.TelemetryMessage.Percentiles;
import io.edgeinfer.pipeline.LatencyInterval;
import io.edgeinfer.pipeline.PipelineStats;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Every pipeline's figures for one telemetry interval, and their sum for the top-level fields: counts
 * added up, latency percentiles over all pipelines' windows together (their histograms merged), and
 * the busy share as the sum of the pipelines' inference threads (above 100 % with several).
 */
final class PipelineIntervals {
    private final List<PipelineFeed> feeds;
    private final long[] lastInferences;
    private final double[] lastBusyS;

    PipelineIntervals(List<PipelineFeed> feeds) {
        this.feeds = List.copyOf(feeds);
        this.lastInferences = new long[feeds.size()];
        this.lastBusyS = new double[feeds.size()];
        for (int i = 0; i < feeds.size(); i++) {
            lastInferences[i] = feeds.get(i).stats().inferencesTotal();
            lastBusyS[i] = feeds.get(i).stats().busySecondsTotal();
        }
    }

    /** One interval of {@code seconds}: the pipelines' own figures, and their sum. */
    record Taken(TelemetryMessage.Pipeline total, List<TelemetryMessage.PipelineEntry> each, long inferences,
            double busyS,
            Histogram inference) {
    }

    Taken take(double seconds) {
        List<TelemetryMessage.PipelineEntry> each = new ArrayList<>();
        LatencyInterval all = new LatencyInterval(new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(
                3));
        long inferencesTotal = 0;
        long windows = 0;
        long dropped = 0;
        long errors = 0;
        long n = 0;
        double busy = 0;
        for (int i = 0; i < feeds.size(); i++) {
            PipelineFeed f = feeds.get(i);
            PipelineStats s = f.stats();
            long inferences = s.inferencesTotal();
            double busyS = s.busySecondsTotal();
            LatencyInterval lat = s.takeInterval();
            long dn = inferences - lastInferences[i];
            double db = busyS - lastBusyS[i];
            lastInferences[i] = inferences;
            lastBusyS[i] = busyS;
            each.add(new TelemetryMessage.PipelineEntry(f.id(), model(f), inferences, rate(dn, seconds), s
                    .windowsTotal(),
                    s.droppedTotal(), s.errorsTotal(), percent(db, seconds), percentiles(lat.total()),
                    percentiles(lat.inference()), f.source() == null ? null : f.source().get(),
                    f.capture() == null ? null : f.capture().get(),
                    f.anomaly() == null ? null : TelemetryMessage.Anomaly.of(f.anomaly().get())));
            all.total().add(lat.total());
            all.inference().add(lat.inference());
            all.preprocess().add(lat.preprocess());
            all.publish().add(lat.publish());
            inferencesTotal += inferences;
            windows += s.windowsTotal();
            dropped += s.droppedTotal();
            errors += s.errorsTotal();
            n += dn;
            busy += db;
        }
        var total = new TelemetryMessage.Pipeline(inferencesTotal, rate(n, seconds), windows, inferencesTotal, dropped,
                errors,
                percent(busy, seconds), percentiles(all.total()), percentiles(all.preprocess()),
                percentiles(all.inference()), percentiles(all.publish()));
        return new Taken(total, each, n, busy, all.inference());
    }

    /** The first pipeline's model and input counters: the top-level fields of MQTT API v1. */
    PipelineFeed first() {
        return feeds.get(0);
    }

    private static ModelRef model(PipelineFeed f) {
        ModelInfo info = f.model() == null ? null : f.model().get();
        return info == null ? null : ModelRef.of(info);
    }

    private static double rate(long n, double seconds) {
        return TelemetryReporter.round(seconds > 0 ? n / seconds : 0, 2);
    }

    private static double percent(double busyS, double seconds) {
        return TelemetryReporter.round(seconds > 0 ? 100 * busyS / seconds : 0, 2);
    }

    static Percentiles percentiles(Histogram h) {
        return new Percentiles(TelemetryReporter.round(LatencyInterval.percentileMs(h, 50), 3),
                TelemetryReporter.round(LatencyInterval.percentileMs(h, 95), 3),
                TelemetryReporter.round(LatencyInterval.percentileMs(h, 99), 3),
                TelemetryReporter.round(LatencyInterval.maxMs(h), 3));
    }
}
