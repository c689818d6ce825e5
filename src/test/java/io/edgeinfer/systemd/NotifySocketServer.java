package io.edgeinfer.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service manager's end of the notify protocol for tests: a real {@code AF_UNIX} datagram
 * socket, bound to a path or an abstract name, whose datagrams are collected. Its address is built
 * here independently of {@link SdNotifySocket}, and checked against systemd's own
 * {@code systemd-notify}, so a mistake on the sending side cannot hide behind the same one here.
 */
public final class NotifySocketServer implements AutoCloseable {
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int len) throws LastErrorException;

        NativeLong recv(int fd, byte[] buf, NativeLong len, int flags);

        int close(int fd);
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;

    private final int fd;
    private final String name;
    private final Path path;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private NotifySocketServer(byte[] sunPath, String name, Path path) {
        this.name = name;
        this.path = path;
        ByteBuffer addr = ByteBuffer.allocate(2 + sunPath.length).order(ByteOrder.nativeOrder());
        addr.putShort((short) AF_UNIX).put(sunPath);
        fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
        LibC.INSTANCE.bind(fd, addr.array(), addr.capacity());
    }

    /** A socket file at {@code path} (NOTIFY_SOCKET=/path). */
    public static NotifySocketServer atPath(Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        byte[] withNul = Arrays.copyOf(p, p.length + 1);
        return new NotifySocketServer(withNul, path.toString(), path);
    }

    /** A socket in the abstract namespace (NOTIFY_SOCKET=@name). */
    public static NotifySocketServer abstractName(String name) {
        byte[] p = name.getBytes(StandardCharsets.UTF_8);
        byte[] sun = new byte[p.length + 1];
        System.arraycopy(p, 0, sun, 1, p.length);
        return new NotifySocketServer(sun, "@" + name, null);
    }

    /** The value for {@code NOTIFY_SOCKET}. */
    public String name() {
        return name;
    }

    /** Every datagram received so far, in order (reads what is waiting first). */
    public synchronized List<String> received() {
        byte[] buf = new byte[4096];
        while (true) {
            long n = LibC.INSTANCE.recv(fd, buf, new NativeLong(buf.length), MSG_DONTWAIT).longValue();
            if (n < 0) {
                return List.copyOf(received);
            }
            received.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        }
    }

    public long count(String datagram) {
        return received().stream().filter(datagram::equals).count();
    }

    @Override
    public void close() throws Exception {
        LibC.INSTANCE.close(fd);
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }
}
