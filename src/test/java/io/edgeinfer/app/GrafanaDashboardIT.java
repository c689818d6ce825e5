package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import io.edgeinfer.telemetry.GrafanaDashboard;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every metric and label the Grafana dashboard queries is one a running daemon serves on /metrics. */
class GrafanaDashboardIT {

    @Test
    void everyQueriedSeriesAndLabelIsInARealScrape() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // an ephemeral port the kernel just handed out
        }
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/graf-1/telemetry")) {
            String yaml = TestConfigs.yaml(broker.url(), "graf-1").replace("telemetry: {interval_s: 1}\n", """
                    telemetry: {interval_s: 1, power: estimate, idle_w: 2.7, full_w: 6.4}
                    metrics: {host: 127.0.0.1, port: %d}
                    """.formatted(port));
            DaemonConfig config = new ConfigLoader(Map.of()).parse(yaml, Path.of("").toAbsolutePath());
            Daemon daemon = Daemon.start(config, Clock.systemUTC());
            String scrape;
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.all().size() >= 2);
                System.gc(); // Micrometer registers the GC pause timer at the first collection
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
                await().atMost(Duration.ofSeconds(10)).until(() -> http.send(get, HttpResponse.BodyHandlers.ofString())
                        .body()
                        .contains("jvm_gc_pause_seconds_sum"));
                scrape = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            } finally {
                daemon.close();
            }
            Map<String, Set<String>> served = series(scrape);
            Map<String, Set<String>> wanted = new GrafanaDashboard().metrics();
            assertThat(wanted).isNotEmpty();
            wanted.forEach((name, labels) -> {
                assertThat(served).as("scrape serves %s", name).containsKey(name);
                assertThat(served.get(name)).as("labels of %s", name).containsAll(labels);
            });
        }
    }

    /** Series names in a Prometheus text scrape, with the label names seen on each. */
    private static Map<String, Set<String>> series(String scrape) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> labels = out.computeIfAbsent(name, k -> new HashSet<>());
            if (brace >= 0 && brace < space) {
                for (String kv : line.substring(brace + 1, line.indexOf('}')).split(",")) {
                    labels.add(kv.substring(0, kv.indexOf('=')).trim());
                }
            }
        }
        return out;
    }
}
