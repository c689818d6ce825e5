package io.edgeinfer.config;

import java.nio.file.Path;

/**
 * The device page and its JSON API (docs/web.md): where it listens, whether it may act, and the
 * credentials it asks for.
 *
 * @param enabled serve the page at all
 * @param host address to bind (loopback unless an operator opens it)
 * @param port TCP port; 0 picks a free one (tests)
 * @param allowActions the page may roll a model back and restart a source
 * @param auth credentials the page asks for; {@link Auth#NONE} when it asks for none
 * @param maxClients live pages (event streams) served at once; more are answered 503
 */
public record HttpConfig(boolean enabled, String host, int port, boolean allowActions, Auth auth, int maxClients) {

    /** The page off, every other key at its default. */
    public static HttpConfig off() {
        return new HttpConfig(false, "127.0.0.1", 8080, false, Auth.NONE, 32);
    }

    /**
     * Where the secrets come from (files or environment variables, never the YAML itself).
     *
     * @param username with a password: basic auth on every request; null for none
     * @param passwordFile file whose first line is the password, or null
     * @param passwordEnv environment variable holding the password, or null
     * @param tokenFile file whose first line is the bearer token actions need, or null
     * @param tokenEnv environment variable holding that token, or null
     */
    public record Auth(String username, Path passwordFile, String passwordEnv, Path tokenFile, String tokenEnv) {
        public static final Auth NONE = new Auth(null, null, null, null, null);

        public boolean basic() {
            return username != null;
        }

        public boolean token() {
            return tokenFile != null || tokenEnv != null;
        }
    }
}
