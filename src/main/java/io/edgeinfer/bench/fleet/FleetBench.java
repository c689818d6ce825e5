package io.edgeinfer.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.Ed25519Keys;
import io.edgeinfer.control.client.FleetBroker;
import io.edgeinfer.control.client.RolloutDriver;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.control.fleet.Membership;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.control.fleet.device.SimulatedSlot;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.ModelRef;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The fleet rollout at scale (docs/fleet.md, docs/BENCHMARKS.md "Fleet rollout"): N simulated
 * devices (the real agent, a simulated pipeline, one Paho connection each) against a mosquitto of its
 * own, driven by the real operator code with no delay between stages. Two rollouts: one that passes
 * every stage, then one that a single device fails at the stage it joins, which the operator aborts.
 */
public final class FleetBench {
    static final String PREFIX = "edgeinfer";
    static final String GROUP = "bench";
    private static final String GATE = "errors==0";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * @param stages the plan, serve stages only
     * @param tickMs how often each agent is ticked (the daemon: every 500 ms)
     * @param timeoutS how long each stage, and each wait of the bench, may take
     * @param chunkKb the candidates go as retained pieces of this size, which every member fetches and
     *     assembles as a daemon does; 0: by a URL the simulated pipeline does not fetch
     */
    public record Settings(int devices, List<Stage> stages, long tickMs, double timeoutS, int chunkKb) {
    }

    /** The simulated candidates' size: what a small int8 model weighs (the demo's is 50 KB). */
    static final int MODEL_BYTES = 48 * 1024;

    /**
     * What one run measured.
     *
     * @param threadsPerDevice JVM threads added by connecting the devices, per device
     * @param fdsPerDevice file descriptors added by connecting the devices, per device
     * @param rolloutMs from the first desired state published to the rollout complete (every device serving)
     * @param operatorCpuMs CPU time of the thread that drove the passing rollout (publishing, waiting on
     *     the reports, judging each stage); the broker view's MQTT threads not included
     * @param messagesPerDevice messages through the broker per device during the passing rollout:
     *     what the device published plus what it received
     * @param failedStage the stage (1-based) the second rollout failed at; 0 if it did not fail
     * @param backMs from the abort published to every device on the old model and reporting so
     * @param operatorHeapBytes Java heap the operator's broker view held at the end (freed on closing it)
     * @param threads the JVM's threads during the rollouts (devices, operator, tick and ping threads)
     * @param peakRssKb the bench process's peak resident memory (every device and the operator)
     */
    public record Result(int devices, long connectMs, double threadsPerDevice, double fdsPerDevice, long rolloutMs,
            long operatorCpuMs, boolean passed, double messagesPerDevice, int failedStage, long backMs,
            long operatorHeapBytes,
            long brokerRssKb, int threads, long peakRssKb) {

        Result withOperator(long heapBytes, long rssKb) {
            return new Result(devices, connectMs, threadsPerDevice, fdsPerDevice, rolloutMs, operatorCpuMs, passed,
                    messagesPerDevice,
                    failedStage, backMs, heapBytes, rssKb, threads, Resources.peakRssKb());
        }
    }

    private final Settings settings;
    private final PrintStream progress;

    public FleetBench(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs both rollouts in {@code dir} (state files, the broker's config and log). */
    public Result run(Path dir) throws Exception {
        KeyPair key = Ed25519Keys.generate();
        Function<String, ControlConfig> control = id -> trusting(key, dir, id);
        ModelInfo a = model("a", 1);
        try (LocalMosquitto mosquitto = LocalMosquitto.start(dir)) {
            Resources before = Resources.now();
            long t0 = System.nanoTime();
            try (FleetSimulation sim = new FleetSimulation(mosquitto.url(), new FleetTopics(
                    PREFIX), GROUP, settings.devices(), a, control, Files.createDirectories(dir.resolve("state")))) {
                long connectMs = (System.nanoTime() - t0) / 1_000_000;
                Resources connected = Resources.now();
                sim.run(settings.tickMs());
                FleetBroker broker = new FleetBroker(mosquitto.url(), PREFIX, GROUP);
                Result r;
                long withOperator;
                try {
                    r = rollouts(sim, broker, key, a, connectMs, connected.minus(before));
                    withOperator = Resources.heapAfterGc();
                } finally {
                    broker.close();
                }
                broker = null; // what the operator held is garbage from here on
                long operatorHeap = Math.max(0, withOperator - Resources.heapAfterGc());
                return r.withOperator(operatorHeap, Resources.rssKb(mosquitto.pid()));
            }
        }
    }

    private Result rollouts(FleetSimulation sim, FleetBroker broker, KeyPair key, ModelInfo a, long connectMs,
            Resources added) throws Exception {
        int n = settings.devices();
        await(broker, "every device's first report", r -> r.size() == n);
        RolloutDriver driver = new RolloutDriver(broker, key.getPrivate(), Clock.systemUTC(), progress);
        ModelInfo b = model("b", 2);
        long messages = sim.sent() + sim.received();
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        RolloutDriver.Outcome first = driver.run(document(driver, "bench-b", b, a));
        long cpuMs = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        long rolloutMs = (System.nanoTime() - start) / 1_000_000;
        double perDevice = (double) (sim.sent() + sim.received() - messages) / n;
        boolean passed = first.passed() && sim.allServe(b.sha256());
        await(broker, "every report of the completed rollout", r -> settledAt(r, first.revision()));
        Aborted aborted = failing(sim, broker, driver, b);
        return new Result(n, connectMs, (double) added.threads() / n, (double) added.fds() / n, rolloutMs, cpuMs,
                passed,
                perDevice, aborted.stage(), aborted.backMs(), 0, 0, Resources.now().threads(), 0);
    }

    /** The second rollout, stage (1-based; 0 when it passed) and time back. */
    private record Aborted(int stage, long backMs) {
    }

    /**
     * From {@code b} to a model one device refuses: the device that joins last, so every earlier
     * stage passes and the devices that moved must all go back when the operator aborts.
     */
    private Aborted failing(FleetSimulation sim, FleetBroker broker, RolloutDriver driver, ModelInfo b)
            throws Exception {
        ModelInfo c = model("c", 3);
        String faulty = lastToJoin(sim, "bench-c");
        sim.devices().stream().filter(d -> d.id().equals(faulty)).forEach(d -> d.slot().refuse(Set.of(c.sha256())));
        RolloutDriver.Outcome second = driver.run(document(driver, "bench-c", c, b));
        long abortAt = System.nanoTime();
        await(broker, "every device back on the old model",
                r -> settledAt(r, second.revision()) && sim.allServe(b.sha256()));
        return new Aborted(second.passed() ? 0 : second.stage() + 1, (System.nanoTime() - abortAt) / 1_000_000);
    }

    private DesiredState document(RolloutDriver driver, String rolloutId, ModelInfo model, ModelInfo previous)
            throws Exception {
        int chunk = settings.chunkKb() * 1024;
        DesiredState.Chunks pieces = null;
        String url = "file:///simulated/" + model.name() + ".pt";
        if (chunk > 0) {
            driver.publishChunks(model.sha256(), bytes(model), chunk);
            pieces = new DesiredState.Chunks((MODEL_BYTES + chunk - 1) / chunk, chunk, MODEL_BYTES);
            url = null;
        }
        DesiredState.ModelSpec spec = new DesiredState.ModelSpec(model.name(), model.version(), model.sha256(), null,
                SimulatedSlot.LABELS, url, pieces, null);
        return new DesiredState(DesiredState.SCHEMA, GROUP, rolloutId, driver.nextRevision(),
                DesiredState.Phase.RUNNING,
                null, 0, settings.stages(), new DesiredState.Plan(GATE, 1, settings.timeoutS(), 0), null, spec, ModelRef
                        .of(previous), System.currentTimeMillis(), null);
    }

    /** The device that joins the rollout last: a member of the last stage only, when there is more than one. */
    private static String lastToJoin(FleetSimulation sim, String rolloutId) {
        return sim.devices().stream().map(FleetSimulation.Device::id)
                .max(Comparator.comparingDouble(id -> Membership.place(rolloutId, id))).orElseThrow();
    }

    private static boolean settledAt(Map<String, JsonNode> reports, long revision) {
        return reports.values().stream().allMatch(r -> r.path("revision").asLong() == revision
                && DeviceReport.State.of(r.path("state").asText()).terminal());
    }

    private void await(FleetBroker broker, String what, Predicate<Map<String, JsonNode>> done)
            throws InterruptedException {
        if (!broker.awaitReports(done, (long) (settings.timeoutS() * 1000))) {
            throw new IllegalStateException("timed out after " + settings.timeoutS() + " s waiting for " + what
                    + " (" + broker.reports().size() + " of " + settings.devices() + " devices reported)");
        }
    }

    private static ModelInfo model(String name, int n) {
        return new ModelInfo(name, String.valueOf(n), Sha256.hex(bytes(n)), 1, SimulatedSlot.LABELS);
    }

    /** The file of simulated model {@code n}: bytes of its own, so each has its own digest. */
    private static byte[] bytes(int n) {
        byte[] b = new byte[MODEL_BYTES];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] bytes(ModelInfo m) {
        return bytes(Integer.parseInt(m.version()));
    }

    /** A device's remote control: trusting the operator's key, models (pieces) in a folder of its own. */
    private static ControlConfig trusting(KeyPair key, Path dir, String device) {
        ControlConfig off = ControlConfig.off(dir.resolve("models").resolve(device), dir.resolve("state"));
        return new ControlConfig(false, List.of(ControlConfig.TrustedKey.of(key.getPublic().getEncoded())), off
                .modelDir(), off.stateDir(), off.maxModelBytes(), off.maxCommandBytes(), off.keepVersions(), off
                        .maxClockSkewS(), off.transferTimeoutS(), false, off.https(), off.validation(), off.rollback());
    }
}
