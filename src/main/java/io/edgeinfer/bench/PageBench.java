package io.edgeinfer.bench;

import com.sun.management.OperatingSystemMXBean;
import io.edgeinfer.pipeline.InferenceLoop;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * What live device pages cost the predictions: the daemon runs at a fixed window rate while rounds
 * alternate between no page and {@code pages} pages reading the event stream, in one process, and
 * each prediction's latency (window complete to prediction handed to the outbox) is recorded on the
 * inference thread and counted in the condition it fell in. Rounds run in ABBA order so a drift
 * over the run (JIT, a warming disk) falls on both conditions alike.
 */
public final class PageBench {
    private final RoundLatencies recorded = new RoundLatencies();
    private final int port;

    /** One condition's figures over all its rounds. */
    public record Condition(String name, LatencyStats latency, double cpuPercent, long pageBytes) {
    }

    public PageBench(InferenceLoop loop, int port) {
        this.port = port;
        loop.addObserver(recorded);
    }

    /**
     * @param warmupS running before anything is measured
     * @return the condition without pages, then the one with them
     */
    public List<Condition> run(int pages, int stalled, int rounds, double roundS, double warmupS) throws Exception {
        Thread.sleep((long) (warmupS * 1000)); // steady running is what is measured
        List<long[]> quiet = new ArrayList<>();
        List<long[]> busy = new ArrayList<>();
        long[] cpu = new long[2];
        long[] wall = new long[2];
        long pageBytes = 0;
        for (int r = 0; r < rounds; r++) {
            for (int half = 0; half < 2; half++) {
                boolean withPages = (r % 2 == 0) == (half == 1);
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                if (withPages) {
                    try (PageClients clients = new PageClients(port, pages, stalled)) {
                        Thread.sleep((long) (roundS * 1000));
                        pageBytes += clients.bytes();
                    }
                } else {
                    Thread.sleep((long) (roundS * 1000));
                }
                long t1 = System.nanoTime();
                (withPages ? busy : quiet).add(new long[]{t0, t1});
                cpu[withPages ? 1 : 0] += cpuNanos() - c0;
                wall[withPages ? 1 : 0] += t1 - t0;
            }
        }
        return List.of(condition("no page", quiet, cpu[0], wall[0], 0),
                condition(pages + " live pages" + (stalled > 0 ? " + " + stalled + " stalled" : ""), busy, cpu[1],
                        wall[1],
                        pageBytes));
    }

    private Condition condition(String name, List<long[]> spans, long cpuNanos, long wallNanos, long bytes) {
        return new Condition(name, recorded.within(spans, wallNanos), 100.0 * cpuNanos / wallNanos, bytes);
    }

    /** CPU time of the whole process (daemon, page server and the bench's readers). */
    static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
