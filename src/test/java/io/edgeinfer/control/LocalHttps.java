package io.edgeinfer.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An https server on 127.0.0.1 with a certificate made for the test by {@code keytool}: serves
 * fixed bodies by path, answers {@code /redirect} with a 302, or hands every request to the test's
 * own handler. Nothing leaves the machine.
 */
public final class LocalHttps implements AutoCloseable {
    private static final String PASS = "changeit";

    private final HttpsServer server;
    /** The server's certificate, PEM: what a client trusts as its CA. */
    public final Path certPem;

    /** @param san subject alternative name of the certificate, e.g. {@code ip:127.0.0.1} or {@code dns:other.example} */
    LocalHttps(Path dir, String name, String san, Map<String, byte[]> files) throws Exception {
        this(dir, name, san, ex -> serve(ex, files));
    }

    /** Every request goes to {@code handler}. */
    public LocalHttps(Path dir, String name, String san, HttpHandler handler) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        certPem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS,
                "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN="
                        + san,
                "-validity", "2");
        keytool("-exportcert", "-rfc", "-alias", "srv", "-keystore", ks.toString(), "-storepass", PASS, "-file", certPem
                .toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASS.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", handler);
        server.start();
    }

    private static void serve(HttpExchange ex, Map<String, byte[]> files) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/redirect")) {
            ex.getResponseHeaders().set("Location", "https://evil.example.net/m.pt");
            ex.sendResponseHeaders(302, -1);
            ex.close();
            return;
        }
        byte[] body = files.get(path);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
