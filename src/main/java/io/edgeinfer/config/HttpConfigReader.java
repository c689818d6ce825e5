package io.edgeinfer.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks the {@code http} section: the page's port against the other ports of this
 * daemon, and the rule that actions never make an open write path (docs/web.md, "Actions").
 */
final class HttpConfigReader {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private final Path baseDir;
    private final Map<String, String> env;

    HttpConfigReader(Path baseDir, Map<String, String> env) {
        this.baseDir = baseDir;
        this.env = env;
    }

    /** The other sections are read first: the page must not take their ports, and signed control tightens actions. */
    HttpConfig read(Section s, MetricsConfig metrics, MqttConfig mqtt, ControlConfig control) {
        HttpConfig off = HttpConfig.off();
        boolean enabled = s.bool("enabled", off.enabled());
        String host = s.string("host", off.host());
        if (host.isBlank()) {
            s.error("host", "must not be blank");
        }
        int port = s.integer("port", off.port(), 0, 65535);
        boolean actions = s.bool("allow_actions", off.allowActions());
        HttpConfig.Auth auth = auth(s.section("auth"));
        int maxClients = s.integer("max_clients", off.maxClients(), 1, 1024);
        s.rejectUnknown();
        if (enabled) {
            checkPort(s, host, port, metrics, mqtt);
            checkActions(s, actions, auth, host, control);
        }
        return new HttpConfig(enabled, host, port, actions, auth, maxClients);
    }

    /** The page may not listen where the metrics endpoint or the embedded broker does. */
    private static void checkPort(Section s, String host, int port, MetricsConfig metrics, MqttConfig mqtt) {
        if (port == 0) {
            return;
        }
        if (metrics != null && metrics.enabled() && metrics.port() == port
                && ConfigReader.sameListenAddress(host, metrics.host())) {
            s.error("port", "is metrics.port too (" + port + "): give the page its own port");
        }
        if (mqtt != null && mqtt.usesEmbeddedBroker() && mqtt.embedded().port() == port
                && ConfigReader.sameListenAddress(host, mqtt.embedded().host())) {
            s.error("port", "is mqtt.embedded.port too (" + port + "): give the page its own port");
        }
    }

    /** Actions without credentials only where nobody but this machine reaches them, and only while commands are unsigned. */
    private static void checkActions(Section s, boolean actions, HttpConfig.Auth auth, String host,
            ControlConfig control) {
        if (!actions || auth.basic() || auth.token()) {
            return;
        }
        if (control != null && !control.trustedKeys().isEmpty()) {
            s.error("allow_actions",
                    "control.trusted_keys is set, so remote commands must be signed: page actions need "
                            + "http.auth (username and password, or a token), or the page would be an unsigned way round them");
        } else if (!isLoopback(host)) {
            s.error("allow_actions", "http.host " + host + " is reachable from other machines: page actions need "
                    + "http.auth (username and password, or a token), or anyone on the network could roll back the model");
        }
    }

    /** Literal addresses and {@code localhost} only: a config check never asks DNS. */
    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private HttpConfig.Auth auth(Section a) {
        String user = a.string("username", null);
        Path passwordFile = file(a, "password_file");
        String passwordEnv = envVar(a, "password_env");
        Path tokenFile = file(a, "token_file");
        String tokenEnv = envVar(a, "token_env");
        a.rejectUnknown();
        boolean password = passwordFile != null || passwordEnv != null;
        if (passwordFile != null && passwordEnv != null) {
            a.error("password_env", "give password_file or password_env, not both");
        }
        if (tokenFile != null && tokenEnv != null) {
            a.error("token_env", "give token_file or token_env, not both");
        }
        if (user != null && user.isBlank()) {
            a.error("username", "must not be blank");
        } else if (user != null && user.contains(":")) {
            a.error("username", "must not contain ':' (basic auth separates user and password with it)");
        }
        if (user != null && !password) {
            a.error("username", "needs a password: password_file or password_env");
        } else if (user == null && password) {
            a.error(passwordFile != null ? "password_file" : "password_env", "needs http.auth.username");
        }
        return new HttpConfig.Auth(user, passwordFile, passwordEnv, tokenFile, tokenEnv);
    }

    private String envVar(Section s, String key) {
        String var = s.string(key, null);
        if (var != null && (env.get(var) == null || env.get(var).isBlank())) {
            s.error(key, "environment variable " + var + " is not set");
        }
        return var;
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
