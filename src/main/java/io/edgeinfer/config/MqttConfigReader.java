package io.edgeinfer.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the {@code mqtt} section, including TLS material and credentials on disk. */
final class MqttConfigReader {
    private static final Pattern BROKER_URL = Pattern.compile("(tcp|ssl)://[^\\s/:]+(?::(\\d{1,9}))?");

    private final Path baseDir;
    private final Map<String, String> env;

    MqttConfigReader(Path baseDir, Map<String, String> env) {
        this.baseDir = baseDir;
        this.env = env;
    }

    MqttConfig read(Section s, String deviceId) {
        String broker = s.string("broker", MqttConfig.EMBEDDED);
        checkBroker(s, broker);
        Section e = s.section("embedded");
        String host = e.string("host", "127.0.0.1");
        int port = e.integer("port", 1883, 0, 65535);
        e.rejectUnknown();
        String prefix = s.string("topic_prefix", "edgeinfer");
        if (!ConfigReader.TOPIC_SAFE.matcher(prefix).matches()) {
            s.error("topic_prefix", "must be one topic level of letters, digits, '_', '.', '-', got '" + prefix + "'");
        }
        String clientId = s.string("client_id", "edgeinfer-" + (deviceId == null ? "device" : deviceId));
        int qos = s.integer("qos", 1, 0, 1);
        int inflight = s.integer("max_inflight", 1000, 1, 65_000);
        int keepalive = s.integer("keepalive_s", 15, 2, 3600);
        MqttConfig.Reconnect reconnect = reconnect(s.section("reconnect"));
        int replay = s.integer("replay_rate_per_s", 5000, 1, 1_000_000);
        MqttConfig.Tls tls = tls(s, broker.startsWith("ssl://"));
        MqttConfig.Auth auth = auth(s.section("auth"), s.has("auth"));
        String format = s.choice("format", MqttConfig.JSON, Map.of(MqttConfig.JSON, MqttConfig.JSON,
                MqttConfig.SPARKPLUG, MqttConfig.SPARKPLUG));
        Section sp = s.section("sparkplug");
        String group = sp.string("group_id", "edgeinfer");
        String node = sp.string("edge_node_id", deviceId == null ? "device" : deviceId);
        String primary = sp.string("primary_host_id", null);
        for (String[] kv : new String[][]{{"group_id", group}, {"edge_node_id", node}, {"primary_host_id", primary}}) {
            // A default derived from device_id is checked there, not blamed on a key nobody wrote.
            if (sp.has(kv[0]) && !ConfigReader.TOPIC_SAFE.matcher(kv[1]).matches()) {
                sp.error(kv[0], "must be one topic level of letters, digits, '_', '.', '-', got '" + kv[1] + "'");
            }
        }
        int dataQos = sp.integer("data_qos", 0, 0, 1);
        sp.rejectUnknown();
        s.rejectUnknown();
        return new MqttConfig(broker, new MqttConfig.EmbeddedBroker(host, port), prefix, clientId, qos, inflight,
                keepalive, reconnect, replay, tls, auth, format, new MqttConfig.Sparkplug(group, node, primary,
                        dataQos));
    }

    /** A port out of range would pass a pattern and then fail every connect, retried forever. */
    private static void checkBroker(Section s, String broker) {
        if (MqttConfig.EMBEDDED.equals(broker)) {
            return;
        }
        Matcher m = BROKER_URL.matcher(broker);
        if (!m.matches()) {
            s.error("broker", "must be 'embedded' or a tcp://host:port or ssl://host:port URL, got '" + broker + "'");
        } else if (m.group(2) != null && !Ports.valid(m.group(2))) {
            s.error("broker", "port must be between 1 and 65535, got " + m.group(2) + " in '" + broker + "'");
        }
    }

    private static MqttConfig.Reconnect reconnect(Section r) {
        int min = r.integer("min_ms", 250, 10, 600_000);
        int max = r.integer("max_ms", 30_000, 10, 3_600_000);
        if (max < min) {
            r.error("max_ms", "must be at least reconnect.min_ms (" + min + "), got " + max);
        }
        r.rejectUnknown();
        return new MqttConfig.Reconnect(min, max);
    }

    private MqttConfig.Tls tls(Section s, boolean ssl) {
        boolean present = s.has("tls");
        Section t = s.section("tls");
        Path ca = file(t, "ca_file");
        Path cert = file(t, "cert_file");
        Path key = file(t, "key_file");
        boolean verify = t.bool("verify_hostname", true);
        t.rejectUnknown();
        if (t.has("cert_file") != t.has("key_file")) {
            t.error(t.has("cert_file") ? "key_file" : "cert_file", "cert_file and key_file go together (mutual TLS)");
        }
        if (present && !ssl) {
            s.error("tls", "is set but mqtt.broker is not an ssl:// URL");
        }
        return ssl ? new MqttConfig.Tls(ca, cert, key, verify) : null;
    }

    private MqttConfig.Auth auth(Section a, boolean present) {
        if (!present) {
            a.rejectUnknown();
            return null;
        }
        String user = a.requiredString("username");
        Path file = file(a, "password_file");
        String var = a.string("password_env", null);
        if (file != null && var != null) {
            a.error("password_env", "give password_file or password_env, not both");
        }
        if (var != null && (env.get(var) == null || env.get(var).isEmpty())) {
            a.error("password_env", "environment variable " + var + " is not set");
        }
        a.rejectUnknown();
        return new MqttConfig.Auth(user, file, var);
    }

    /** An optional path that, when given, must name a readable regular file. */
    private Path file(Section s, String key) {
        String v = s.string(key, null);
        if (v == null) {
            return null;
        }
        Path p = baseDir.resolve(v).normalize();
        if (!Files.isRegularFile(p)) {
            s.error(key, "file not found: " + p);
        } else if (!Files.isReadable(p)) {
            s.error(key, "file not readable: " + p);
        }
        return p;
    }
}
