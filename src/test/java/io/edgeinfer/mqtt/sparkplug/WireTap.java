package io.edgeinfer.mqtt.sparkplug;

import io.edgeinfer.mqtt.Mosquitto;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording TCP proxy in front of a broker: forwards every byte both ways and records the MQTT
 * 3.1.1 control packets it sees, in order, so a test can check what a subscriber cannot see (CONNECT
 * flags and will, QoS of each publish, SUBSCRIBE before the first PUBLISH, NDEATH before DISCONNECT).
 * {@link #pause()} closes its port as a stopped broker would (connects are refused, not accepted
 * and dropped), {@link #resume()} opens it again on the same port.
 */
final class WireTap implements AutoCloseable {
    /** MQTT control packet types (MQTT 3.1.1, 2.2.1). */
    static final int CONNECT = 1;
    static final int PUBLISH = 3;
    static final int SUBSCRIBE = 8;
    static final int SUBACK = 9;
    static final int DISCONNECT = 14;

    /**
     * One control packet.
     *
     * @param connection which TCP connection, numbered from 1 in accept order
     * @param fromClient sent by the client (else by the broker)
     * @param flags the low nibble of the first byte
     * @param atMs when the tap passed it on, epoch milliseconds
     */
    record Packet(int connection, boolean fromClient, int type, int flags, byte[] body, long atMs) {
        int qos() {
            return (flags >> 1) & 3;
        }

        boolean retained() {
            return (flags & 1) == 1;
        }

        /** A PUBLISH's topic. */
        String topic() {
            ByteBuffer b = ByteBuffer.wrap(body);
            return string(b);
        }

        /** A PUBLISH's payload. */
        byte[] payload() {
            ByteBuffer b = ByteBuffer.wrap(body);
            string(b);
            if (qos() > 0) {
                b.getShort();
            }
            byte[] p = new byte[b.remaining()];
            b.get(p);
            return p;
        }

        /** A SUBSCRIBE's topic filters with the QoS asked for each, as {@code filter@qos}. */
        List<String> filters() {
            ByteBuffer b = ByteBuffer.wrap(body);
            b.getShort();
            List<String> out = new ArrayList<>();
            while (b.hasRemaining()) {
                out.add(string(b) + "@" + b.get());
            }
            return out;
        }

        Connect connect() {
            ByteBuffer b = ByteBuffer.wrap(body);
            string(b); // "MQTT"
            b.get(); // level
            int f = b.get() & 0xff;
            int keepAlive = b.getShort() & 0xffff;
            String clientId = string(b);
            String willTopic = null;
            byte[] will = null;
            if ((f & 0x04) != 0) {
                willTopic = string(b);
                will = new byte[b.getShort() & 0xffff];
                b.get(will);
            }
            return new Connect(clientId, (f & 0x02) != 0, keepAlive, willTopic, will, (f >> 3) & 3, (f & 0x20) != 0);
        }
    }

    /** What a CONNECT asked for. */
    record Connect(String clientId, boolean cleanSession, int keepAlive, String willTopic, byte[] willPayload,
            int willQos,
            boolean willRetained) {
    }

    private final int port;
    private final int upstream;
    private final List<Packet> packets = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile ServerSocket server;

    /** @param upstream the broker's port on 127.0.0.1 */
    WireTap(int upstream) throws IOException {
        this.port = Mosquitto.freePort();
        this.upstream = upstream;
        resume();
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    List<Packet> packets() {
        return List.copyOf(packets);
    }

    /** Packets the client sent, of {@code type}. */
    List<Packet> sent(int type) {
        return packets.stream().filter(p -> p.fromClient() && p.type() == type).toList();
    }

    /** Publishes the client sent on topics of this Sparkplug message type. */
    List<Packet> published(String messageType) {
        return sent(PUBLISH).stream().filter(p -> messageType.equals(SparkplugHost.type(p.topic()))).toList();
    }

    /** Stops listening and cuts every connection, as a broker that went away. */
    synchronized void pause() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    synchronized void resume() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        server = s;
        Thread t = new Thread(() -> accept(s), "wiretap-accept");
        t.setDaemon(true);
        t.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket broker = new Socket("127.0.0.1", upstream);
                sockets.add(client);
                sockets.add(broker);
                int n = connections.incrementAndGet();
                pump(n, true, client, broker);
                pump(n, false, broker, client);
            } catch (IOException e) {
                // closed by pause(), or the broker is down: the client sees its connection end
            }
        }
    }

    private void pump(int connection, boolean fromClient, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                DataInputStream d = new DataInputStream(in);
                while (true) {
                    int first = d.readUnsignedByte();
                    int length = 0;
                    int shift = 0;
                    byte[] header = new byte[5];
                    int h = 0;
                    header[h++] = (byte) first;
                    int digit;
                    do {
                        digit = d.readUnsignedByte();
                        header[h++] = (byte) digit;
                        length |= (digit & 0x7f) << shift;
                        shift += 7;
                    } while ((digit & 0x80) != 0);
                    byte[] body = new byte[length];
                    d.readFully(body);
                    packets.add(new Packet(connection, fromClient, first >> 4, first & 0x0f, body, System
                            .currentTimeMillis()));
                    out.write(header, 0, h);
                    out.write(body);
                    out.flush();
                }
            } catch (EOFException e) {
                // the other side closed
            } catch (IOException e) {
                // cut
            } finally {
                close(from);
                close(to);
            }
        }, "wiretap-" + connection + (fromClient ? "-up" : "-down"));
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[b.getShort() & 0xffff];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        pause();
    }
}
