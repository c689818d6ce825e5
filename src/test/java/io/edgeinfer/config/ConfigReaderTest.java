package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    @TempDir
    Path root;
    /** The config file's folder: {@code ROOT/etc/edgeinfer}, holding the model file m.pt. */
    private Path base;
    private static final String MINIMAL = """
            device_id: dev-1
            model:
              path: m.pt
              labels: [a, b]
            """;

    @BeforeEach
    void modelFiles() throws Exception {
        base = Files.createDirectories(root.resolve("etc/edgeinfer"));
        // Model files are checked to exist when the config is read; none is loaded here.
        ConfigFolder.placeholderModel(base);
        Files.createFile(Files.createDirectories(root.resolve("etc/models")).resolve("x.pt"));
        Files.createFile(Files.createDirectories(root.resolve("opt")).resolve("x.pt"));
    }

    private DaemonConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(yaml, base);
    }

    private List<ConfigError> errors(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    private List<String> paths(String yaml) {
        return errors(yaml).stream().map(ConfigError::path).toList();
    }

    @Test
    void minimalConfigGetsDocumentedDefaults() throws Exception {
        DaemonConfig c = parse(MINIMAL);
        assertThat(c.deviceId()).isEqualTo("dev-1");
        assertThat(c.first().model().path()).isEqualTo(base.resolve("m.pt"));
        assertThat(c.first().model().name()).isEqualTo("m");
        assertThat(c.first().model().threads()).isEqualTo(1);
        assertThat(c.first().source()).isInstanceOf(SimulatedVibrationConfig.class);
        SimulatedVibrationConfig s = (SimulatedVibrationConfig) c.first().source();
        assertThat(s.rateHz()).isEqualTo(400);
        assertThat(s.scenario()).extracting(SimulatedVibrationConfig.ScenarioStep::state)
                .containsExactly(MachineState.values());
        assertThat(c.first().window()).isEqualTo(new WindowConfig(256, 128));
        assertThat(c.first().queue().overflow()).isEqualTo(PipelineConfig.Overflow.DROP_OLDEST);
        assertThat(c.mqtt().usesEmbeddedBroker()).isTrue();
        assertThat(c.mqtt().topicPrefix()).isEqualTo("edgeinfer");
        assertThat(c.mqtt().clientId()).isEqualTo("edgeinfer-dev-1");
        assertThat(c.mqtt().qos()).isEqualTo(1);
        assertThat(c.telemetry().intervalS()).isEqualTo(10);
        assertThat(c.metrics().enabled()).isFalse();
        assertThat(c.metrics().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void relativeModelPathResolvesAgainstTheConfigFolderAndAbsoluteStaysPut() throws Exception {
        assertThat(parse(MINIMAL.replace("m.pt", "../models/x.pt")).first().model().path()).isEqualTo(root.resolve(
                "etc/models/x.pt"));
        Path absolute = root.resolve("opt/x.pt");
        assertThat(parse(MINIMAL.replace("m.pt", absolute.toString())).first().model().path()).isEqualTo(absolute);
    }

    @Test
    void nativeCacheDefaultsToSystemdCacheDirectoryWhenSet() throws Exception {
        DaemonConfig c = new ConfigLoader(Map.of("CACHE_DIRECTORY", "/var/cache/edgeinfer")).parse(MINIMAL, base);
        assertThat(c.first().model().cacheDir()).isEqualTo(Path.of("/var/cache/edgeinfer/djl"));
        DaemonConfig x = new ConfigLoader(Map.of("XDG_CACHE_HOME", "/home/u/.cache")).parse(MINIMAL, base);
        assertThat(x.first().model().cacheDir()).isEqualTo(Path.of("/home/u/.cache/edgeinfer/djl"));
    }

    @Test
    void everyErrorIsReportedInOneExceptionWithItsKeyPath() {
        String yaml = """
                device_id: "bad/id"
                model:
                  labels: [a, a]
                  threads: 0
                  colour: red
                source:
                  rate_hz: -1
                  scenario:
                    - {state: exploded, duration_s: 5}
                    - {state: normal}
                window: {size: 64, hop: 128}
                pipeline: {overflow: ignore}
                mqtt: {broker: "http://x", qos: 2, topic_prefix: "a/b"}
                telemetry: {interval_s: 0}
                metrics: {port: 70000}
                extra: 1
                """;
        assertThat(paths(yaml)).containsExactlyInAnyOrder(
                "device_id",
                "model.path",
                "model.labels",
                "model.threads",
                "model.colour",
                "source.rate_hz",
                "source.scenario[0].state",
                "source.scenario[1].duration_s",
                "window.hop",
                "pipeline.overflow",
                "mqtt.broker",
                "mqtt.qos",
                "mqtt.topic_prefix",
                "telemetry.interval_s",
                "metrics.port",
                "extra");
    }

    @Test
    void messageNamesKeyAndProblem() {
        assertThatThrownBy(() -> parse(MINIMAL + "window: {size: 100, hop: 200}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("window.hop: must not exceed window.size (100)");
        assertThatThrownBy(() -> parse(MINIMAL.replace("[a, b]", "[a]")))
                .hasMessageContaining("model.labels: needs at least 2 labels");
        assertThatThrownBy(() -> parse(MINIMAL + "source: {type: lidar}\n"))
                .hasMessageContaining("source.type: unknown source type 'lidar'");
    }

    @Test
    void typeMismatchesAreErrorsNotCoercions() {
        assertThat(paths(MINIMAL + "window: {size: big}\n")).containsExactly("window.size");
        assertThat(paths(MINIMAL + "source: {realtime: maybe}\n")).containsExactly("source.realtime");
        assertThat(paths(MINIMAL + "model2: {}\n")).containsExactly("model2");
        assertThat(paths(MINIMAL.replace("labels: [a, b]", "labels: a"))).containsExactly("model.labels");
        assertThat(paths(MINIMAL + "mqtt: 5\n")).containsExactly("mqtt");
    }

    @Test
    void brokerAcceptsEmbeddedTcpAndSsl() throws Exception {
        assertThat(parse(MINIMAL + "mqtt: {broker: 'tcp://10.0.0.5:1883'}\n").mqtt().broker()).isEqualTo(
                "tcp://10.0.0.5:1883");
        assertThat(parse(MINIMAL + "mqtt: {broker: 'ssl://broker.example'}\n").mqtt().usesEmbeddedBroker()).isFalse();
    }

    @Test
    void brokenYamlAndEmptyFilesAreConfigErrors() {
        assertThat(errors("device_id: [unclosed\n").get(0).message()).contains("not valid YAML at line");
        assertThat(errors("").get(0).message()).isEqualTo("is empty");
        assertThat(errors("- a\n- b\n").get(0).path()).isEqualTo("(top level)");
    }

    @Test
    void effectiveConfigRendersBackToYamlThatParsesToTheSameRecord() throws Exception {
        DaemonConfig c = parse(MINIMAL + "source: {seed: 7, scenario: [{state: imbalance, duration_s: 3}]}\n");
        String yaml = ConfigLoader.render(c);
        assertThat(yaml).contains("device_id: dev-1", "type: simulated-vibration", "overflow: drop-oldest",
                "state: imbalance");
        DaemonConfig again = new ConfigLoader(Map.of()).parse(yaml, base);
        assertThat(again).isEqualTo(c);
    }

    @Test
    void tlsAndLoginMaterialMustExistAndFitTheBrokerUrl(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        ConfigLoader loader = new ConfigLoader(Map.of("MQTT_PW", "secret"));
        String good = MINIMAL.replace("m.pt", base.resolve("m.pt").toString()) + """
                mqtt:
                  broker: ssl://broker:8883
                  tls: {ca_file: ca.pem}
                  auth: {username: dev, password_env: MQTT_PW}
                """;
        DaemonConfig c = loader.parse(good, dir);
        assertThat(c.mqtt().tls().caFile()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(c.mqtt().tls().verifyHostname()).isTrue();
        assertThat(c.mqtt().auth().passwordEnv()).isEqualTo("MQTT_PW");
        assertThat(ConfigLoader.render(c)).doesNotContain("secret");

        String bad = MINIMAL.replace("m.pt", base.resolve("m.pt").toString()) + """
                mqtt:
                  broker: tcp://broker:1883
                  tls: {ca_file: missing.pem, cert_file: c.pem}
                  auth: {password_env: NOT_SET}
                  reconnect: {min_ms: 1000, max_ms: 10}
                """;
        List<String> paths;
        try {
            loader.parse(bad, dir);
            throw new AssertionError("expected errors");
        } catch (ConfigException e) {
            paths = e.errors().stream().map(ConfigError::path).toList();
            assertThat(e.getMessage()).contains("file not found", "is not an ssl:// URL", "NOT_SET is not set");
        }
        assertThat(paths).containsExactlyInAnyOrder("mqtt.tls.ca_file", "mqtt.tls.cert_file", "mqtt.tls.key_file",
                "mqtt.tls", "mqtt.auth.username", "mqtt.auth.password_env", "mqtt.reconnect.max_ms");
    }

    @Test
    void outboxDefaultsToSystemdStateDirectoryAndIsBounded() throws Exception {
        DaemonConfig c = new ConfigLoader(Map.of("STATE_DIRECTORY", "/var/lib/edgeinfer")).parse(MINIMAL, base);
        assertThat(c.outbox().path()).isEqualTo(Path.of("/var/lib/edgeinfer/outbox.db"));
        assertThat(c.outbox().enabled()).isTrue();
        assertThat(c.outbox().commitIntervalMs()).isEqualTo(20);
        assertThat(paths(MINIMAL + "outbox: {max_messages: 5, commit_interval_ms: 0}\n"))
                .containsExactlyInAnyOrder("outbox.max_messages", "outbox.commit_interval_ms");
        assertThat(paths(MINIMAL + "mqtt: {format: protobuf}\n")).containsExactly("mqtt.format");
    }

    @Test
    void anUnknownKeyDoesNotHideAMissingModelFile() {
        assertThat(errors(MINIMAL.replace("m.pt", "gone.pt") + "no_such_key: 1\n")).extracting(ConfigError::toString)
                .containsExactlyInAnyOrder("model.path: model file not found: " + base.resolve("gone.pt"),
                        "no_such_key: unknown key");
    }

    @Test
    void aFolderAsModelPathIsNamedAsAFolder() {
        assertThat(errors(MINIMAL.replace("m.pt", "..")).get(0).toString())
                .isEqualTo("model.path: " + root.resolve("etc") + " is a directory; give the model file (.pt) in it");
    }

    @Test
    void aKeyOrSectionWrittenTwiceIsRefusedNamingItsLine() {
        ConfigError e = errors(MINIMAL + """
                mqtt:
                  broker: tcp://a:1883
                mqtt:
                  broker: tcp://b:1883
                """).get(0);
        assertThat(e.path()).isEqualTo("(file)");
        assertThat(e.message()).contains("'mqtt'", "twice", "line 7");
        assertThat(errors(MINIMAL + "window: {size: 128, size: 64}\n").get(0).message()).contains("'size'", "line 5");
    }

    @Test
    void aBrokerPortOutsideOneTo65535IsRefused() throws Exception {
        for (String url : List.of("tcp://h:0", "tcp://h:65536", "ssl://h:99999")) {
            assertThat(errors(MINIMAL + "mqtt: {broker: '" + url + "'}\n")).as(url).singleElement().asString()
                    .startsWith("mqtt.broker: port must be between 1 and 65535");
        }
        assertThat(parse(MINIMAL + "mqtt: {broker: 'tcp://h:65535'}\n").mqtt().broker()).isEqualTo("tcp://h:65535");
        assertThat(paths(MINIMAL + "control: {https: {allowed_hosts: ['models.example:0', 'models.example:70000']}}\n"))
                .containsExactly("control.https.allowed_hosts[0]", "control.https.allowed_hosts[1]");
    }

    @Test
    void theMetricsEndpointCannotShareTheEmbeddedBrokersPort() throws Exception {
        assertThat(errors(MINIMAL + "mqtt: {embedded: {port: 9000}}\nmetrics: {port: 9000}\n")).extracting(
                ConfigError::path)
                .containsExactly("metrics.port");
        assertThat(paths(MINIMAL + "mqtt: {embedded: {port: 9000}}\nmetrics: {host: 0.0.0.0, port: 9000}\n"))
                .containsExactly("metrics.port");
        assertThat(parse(MINIMAL + "mqtt: {broker: 'tcp://h:9000'}\nmetrics: {port: 9000}\n").metrics().port())
                .isEqualTo(9000);
        assertThat(parse(MINIMAL + "mqtt: {embedded: {port: 9000}}\nmetrics: {port: 9001}\n").metrics().port())
                .isEqualTo(9001);
    }

    @Test
    void sparkplugWaitsForNoHostAndSendsAtQos0UnlessTold() throws Exception {
        MqttConfig.Sparkplug d = parse(MINIMAL + "mqtt: {format: sparkplug}\n").mqtt().sparkplug();
        assertThat(d).isEqualTo(new MqttConfig.Sparkplug("edgeinfer", "dev-1", null, 0));
        MqttConfig.Sparkplug s = parse(MINIMAL
                + "mqtt: {format: sparkplug, sparkplug: {primary_host_id: scada-1, data_qos: 1}}\n")
                .mqtt().sparkplug();
        assertThat(s.primaryHostId()).isEqualTo("scada-1");
        assertThat(s.dataQos()).isEqualTo(1);
        assertThat(paths(MINIMAL + "mqtt: {sparkplug: {primary_host_id: 'a/b', data_qos: 2}}\n"))
                .containsExactlyInAnyOrder("mqtt.sparkplug.primary_host_id", "mqtt.sparkplug.data_qos");
        // Sparkplug ids are topic levels: MQTT's wildcards and separator are refused.
        assertThat(paths(MINIMAL + "mqtt: {sparkplug: {group_id: 'plant+1', edge_node_id: 'pi#2'}}\n"))
                .containsExactlyInAnyOrder("mqtt.sparkplug.group_id", "mqtt.sparkplug.edge_node_id");
    }
}
