package io.edgeinfer.mqtt.paho;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A TCP hop between an MQTT client and a broker that loses the client's PUBLISH packets a test
 * picks, the way a broker under load drops one without closing the connection. Everything else
 * passes unchanged, both ways.
 */
final class LossyLink implements AutoCloseable {
    private static final int PUBLISH = 3;

    private final ServerSocket server;
    private final int brokerPort;
    private final BiPredicate<String, byte[]> lose;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger lost = new AtomicInteger();

    /** @param lose given each PUBLISH's topic and payload: true to lose it */
    LossyLink(int brokerPort, BiPredicate<String, byte[]> lose) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.brokerPort = brokerPort;
        this.lose = lose;
        Thread accept = new Thread(this::accept, "lossy-link-accept");
        accept.setDaemon(true);
        accept.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** PUBLISH packets lost so far. */
    int lost() {
        return lost.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                sockets.add(client);
                sockets.add(broker);
                pump("lossy-link-up", client, broker, () -> forwardPackets(client.getInputStream(), broker
                        .getOutputStream()));
                pump("lossy-link-down", client, broker, () -> broker.getInputStream().transferTo(client
                        .getOutputStream()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private interface Pump {
        long run() throws IOException;
    }

    /** Runs one direction; when either side goes away, both are closed so the other direction ends too. */
    private void pump(String name, Socket client, Socket broker, Pump p) {
        Thread t = new Thread(() -> {
            try {
                p.run();
            } catch (IOException e) {
                // The other side went away: the test closes the link or the client disconnects.
            } finally {
                closeQuietly(client);
                closeQuietly(broker);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Copies whole MQTT packets from client to broker, leaving out the PUBLISHes to lose. */
    private long forwardPackets(InputStream from, OutputStream to) throws IOException {
        DataInputStream in = new DataInputStream(from);
        while (true) {
            int first;
            try {
                first = in.readUnsignedByte();
            } catch (EOFException e) {
                return 0;
            }
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.write(first);
            int length = 0;
            for (int shift = 0, b = 0x80; (b & 0x80) != 0; shift += 7) {
                b = in.readUnsignedByte();
                header.write(b);
                length |= (b & 0x7f) << shift;
            }
            byte[] body = in.readNBytes(length);
            if ((first >> 4) == PUBLISH && lose(first, body)) {
                lost.incrementAndGet();
                continue;
            }
            to.write(header.toByteArray());
            to.write(body);
            to.flush();
        }
    }

    private boolean lose(int first, byte[] body) {
        int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
        int qos = (first >> 1) & 3;
        int payloadAt = 2 + topicLength + (qos > 0 ? 2 : 0);
        byte[] payload = Arrays.copyOfRange(body, payloadAt, body.length);
        return lose.test(topic, payload);
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(LossyLink::closeQuietly);
    }
}
