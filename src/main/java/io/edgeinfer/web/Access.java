package io.edgeinfer.web;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.HttpConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Who may read the page and who may act through it (docs/web.md, "Actions"). Basic auth, when
 * configured, guards every request; actions additionally need {@code http.allow_actions}, and while
 * remote commands must be signed ({@code control.trusted_keys}) they need the page's own
 * credentials: basic auth, or the bearer token. Secrets are compared in constant time.
 */
final class Access {
    private final boolean allowActions;
    private final String realm;
    private final byte[] basic;
    private final byte[] token;

    /** Why a request is refused: the status to answer and the words for the operator. */
    record Denial(HttpResponseStatus status, String message) {
    }

    Access(boolean allowActions, String realm, String username, String password, String token) {
        this.allowActions = allowActions;
        this.realm = realm;
        this.basic = username == null ? null : digest(username + ":" + password);
        this.token = token == null ? null : digest(token);
    }

    /** Reads the secrets the config points to; a missing or empty one is a config error naming its key. */
    static Access from(HttpConfig c, String deviceId, Map<String, String> env) throws ConfigException {
        HttpConfig.Auth a = c.auth();
        String password = a.basic() ? secret(a.passwordFile(), a.passwordEnv(), "http.auth.password", env) : null;
        String token = a.token() ? secret(a.tokenFile(), a.tokenEnv(), "http.auth.token", env) : null;
        return new Access(c.allowActions(), "edgeinfer " + deviceId, a.username(), password, token);
    }

    private static String secret(Path file, String var, String key, Map<String, String> env) throws ConfigException {
        String value;
        if (file != null) {
            try {
                value = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new ConfigException(key + "_file", "cannot read " + file + ": " + e.getMessage());
            }
        } else {
            value = env.get(var);
        }
        if (value == null || value.isBlank()) {
            throw new ConfigException(file != null ? key + "_file" : key + "_env", "is empty");
        }
        return value.strip();
    }

    /** Null when the request may read, else why not (401 with a basic challenge). */
    Denial read(HttpHeaders h) {
        if (basic == null || matches(h, "Basic ", basic, true)) {
            return null;
        }
        return new Denial(HttpResponseStatus.UNAUTHORIZED, "this page needs the user name and password of http.auth");
    }

    /** The challenge that makes a browser ask for the basic-auth credentials. */
    String challenge() {
        return basic == null ? null : "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
    }

    /**
     * Null when the request may act, else why not.
     *
     * @param signedCommands {@code control.trusted_keys} is set right now
     */
    Denial act(HttpHeaders h, boolean signedCommands) {
        if (!allowActions) {
            return new Denial(HttpResponseStatus.FORBIDDEN,
                    "actions are off (http.allow_actions: false): this page is read-only");
        }
        if (basic == null && token == null) {
            if (signedCommands) {
                return new Denial(HttpResponseStatus.FORBIDDEN,
                        "refused: remote commands must be signed (control.trusted_keys) "
                                + "and this page has no credentials (http.auth)");
            }
            return null;
        }
        if (basic != null && matches(h, "Basic ", basic, true)) {
            return null;
        }
        if (token != null && matches(h, "Bearer ", token, false)) {
            return null;
        }
        return new Denial(HttpResponseStatus.UNAUTHORIZED,
                "actions need the token of http.auth (Authorization: Bearer ...)");
    }

    /** What the page may do right now, for the page's banner: {@code off}, {@code on} or {@code needs_token}. */
    String actionsMode(boolean signedCommands) {
        if (!allowActions || (basic == null && token == null && signedCommands)) {
            return "off";
        }
        return basic == null && token != null ? "needs_token" : "on";
    }

    String authMode() {
        return basic != null && token != null
                ? "basic+token"
                : basic != null ? "basic" : token != null ? "token" : "none";
    }

    private static boolean matches(HttpHeaders h, String scheme, byte[] expected, boolean base64) {
        String v = h.get(HttpHeaderNames.AUTHORIZATION);
        if (v == null || v.length() <= scheme.length() || !v.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return false;
        }
        String given = v.substring(scheme.length()).strip();
        if (base64) {
            try {
                given = new String(Base64.getDecoder().decode(given), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return MessageDigest.isEqual(digest(given), expected);
    }

    /** Equal-length digests: the comparison takes as long whatever the guess. */
    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
