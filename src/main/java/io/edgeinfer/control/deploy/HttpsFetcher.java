package io.edgeinfer.control.deploy;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CommandException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Downloads a model over https from an allow-listed host, with the JDK's HTTP client: certificate
 * and host name verified (against {@code control.https.ca_file} when set, else the JDK's CAs), no
 * redirects (a redirect could leave the allow-list), and the size limit enforced while reading.
 */
final class HttpsFetcher {
    private HttpsFetcher() {
    }

    static Fetched fetch(URI uri, ControlConfig c, Path dir) throws CommandException {
        checkAllowed(uri, c.https());
        HttpClient client;
        try {
            client = HttpClient.newBuilder()
                    .sslContext(sslContext(c.https().caFile()))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(c.https().timeoutS()))
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandException("download_failed", "control.https.ca_file cannot be used: " + e.getMessage(), e);
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(c.https().timeoutS())).GET().build();
        try {
            HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = resp.body()) {
                if (resp.statusCode() != 200) {
                    throw new CommandException("download_failed", uri + " answered HTTP " + resp.statusCode());
                }
                OptionalLong length = resp.headers().firstValueAsLong("content-length");
                if (length.isPresent() && length.getAsLong() > c.maxModelBytes()) {
                    throw LimitedCopy.tooLarge(uri + " (" + length.getAsLong() + " bytes)", c.maxModelBytes());
                }
                return LimitedCopy.copy(body, dir, c.maxModelBytes(), uri.toString());
            }
        } catch (SSLHandshakeException e) {
            throw new CommandException("tls_failed", "TLS to " + uri.getHost() + " failed: " + e.getMessage()
                    + " (is its certificate signed by a CA in control.https.ca_file, and does it name the host?)", e);
        } catch (IOException e) {
            throw new CommandException("download_failed", "download of " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("download_failed", "download of " + uri + " interrupted", e);
        }
    }

    /** An entry {@code host} allows the host on any port; {@code host:port} only that port. */
    static void checkAllowed(URI uri, ControlConfig.Https https) throws CommandException {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        if (uri.getUserInfo() != null) {
            throw new CommandException("bad_url", "https URL must not carry user information");
        }
        for (String entry : https.allowedHosts()) {
            if (entry.equals(host) || entry.equals(host + ":" + port)) {
                return;
            }
        }
        throw new CommandException("host_not_allowed", "host " + host + ":" + port
                + " is not in control.https.allowed_hosts "
                + https.allowedHosts());
    }

    private static SSLContext sslContext(Path caFile) throws GeneralSecurityException, IOException {
        if (caFile == null) {
            return SSLContext.getDefault();
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new GeneralSecurityException(caFile + ": no PEM certificate found");
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
