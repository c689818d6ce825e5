package io.edgeinfer.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.PageBench;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench page}: the daemon with its device page at a fixed window rate; prediction
 * latency with live pages connected against none, alternated in one run.
 */
@Command(name = "page", description = "The device page: prediction latency with live pages vs none, in one run.")
class PageBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(6);

    @Mixin
    BenchOptions.Paced paced = new BenchOptions.Paced();

    @Option(names = "--pages", defaultValue = "20", description = "Live pages reading the event stream (default: ${DEFAULT-VALUE})")
    int pages;

    @Option(names = "--stalled", defaultValue = "0", description = "More pages that never read (default: ${DEFAULT-VALUE})")
    int stalled;

    @Override
    public Integer call() throws Exception {
        if (!paced.valid(rounds.rounds)) {
            return ExitCodes.USAGE;
        }
        if (pages < 1 || stalled < 0 || pages + stalled > 1024) {
            System.err.println("--pages 1-1024 (with --stalled)");
            return ExitCodes.USAGE;
        }
        Path dir = Files.createTempDirectory("edgeinfer-bench-page");
        Path config = dir.resolve("bench.yaml");
        Files.writeString(config, """
                device_id: bench-page
                model: {path: "%s", labels: [normal, imbalance, misalignment, bearing_fault]}
                source: {type: simulated-vibration, rate_hz: 400}
                window: {size: 256, hop: %d}
                mqtt: {broker: embedded, embedded: {port: 0}}
                outbox: {path: state/outbox.db}
                telemetry: {interval_s: 5}
                control: {state_dir: state}
                http: {enabled: true, port: 0, max_clients: %d}
                """.formatted(paced.model.toAbsolutePath(), paced.hop, pages + stalled));
        Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), Clock.systemUTC(), config);
        try {
            PageBench bench = new PageBench(daemon.loop(), daemon.pagePort());
            List<PageBench.Condition> result = bench.run(pages, stalled, rounds.rounds, paced.roundS, 10);
            print(result, daemon);
        } finally {
            daemon.close();
        }
        return ExitCodes.OK;
    }

    private void print(List<PageBench.Condition> result, Daemon daemon) {
        System.out.println(paced.header(rounds.rounds));
        System.out.printf(Locale.ROOT, "%-28s %11s %8s %8s %8s %8s %10s%n", "condition", "predictions", "p50 ms",
                "p95 ms",
                "p99 ms", "max ms", "CPU %");
        for (PageBench.Condition c : result) {
            System.out.printf(Locale.ROOT, "%-28s %11d %8.3f %8.3f %8.3f %8.2f %10.1f%n", c.name(), c.latency().count(),
                    c.latency().p50(), c.latency().p95(), c.latency().p99(), c.latency().max(), c.cpuPercent());
        }
        PageBench.Condition none = result.get(0);
        PageBench.Condition pages = result.get(1);
        System.out.printf(Locale.ROOT, "p99 ratio (pages / none, same run): %.2f; p50 ratio: %.2f%n",
                pages.latency().p99() / none.latency().p99(), pages.latency().p50() / none.latency().p50());
        JsonNode page = pageFigures(daemon.pagePort());
        System.out.printf(Locale.ROOT,
                "the reading pages got %.1f MB; the page server wrote %d frames, skipped %d for full "
                        + "buffers, closed %d pages for not reading%n", pages.pageBytes() / 1e6, page.path(
                                "frames_sent_total").asLong(),
                page.path("frames_skipped_total").asLong(), page.path("clients_closed_total").asLong());
    }

    /** The page server's own figures, from its status document. */
    private static JsonNode pageFigures(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/status")).build(), HttpResponse.BodyHandlers
                            .ofString());
            return Json.mapper().readTree(r.body()).path("page");
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Json.mapper().createObjectNode();
        }
    }
}
