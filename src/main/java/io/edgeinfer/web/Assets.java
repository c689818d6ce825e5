package io.edgeinfer.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page's files, read from the jar once at start and kept in memory (a few tens of kB). Only
 * the names listed here exist: a request path is looked up, never joined to a directory.
 */
final class Assets {
    private static final String ROOT = "/io/edgeinfer/web/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/assets/page.js", "page.js",
            "/assets/page.css", "page.css",
            "/assets/icon.svg", "icon.svg");

    /** @param etag a strong validator from the content, so a reload after an upgrade fetches the new file */
    record Asset(byte[] body, String contentType, String etag) {
    }

    private final Map<String, Asset> byPath = new LinkedHashMap<>();

    Assets() {
        FILES.forEach((path, name) -> byPath.put(path, load(name)));
    }

    /** The asset served at {@code path}, or null. */
    Asset get(String path) {
        return byPath.get(path);
    }

    private static Asset load(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("page asset " + name + " is missing from the jar");
            }
            byte[] body = in.readAllBytes();
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(body);
            return new Asset(body, type(name), "\"" + HexFormat.of().formatHex(sha, 0, 8) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "image/svg+xml";
    }
}
