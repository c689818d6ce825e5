package io.edgeinfer.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends {@code sd_notify} datagrams to {@code $NOTIFY_SOCKET} by calling libc's {@code socket} and
 * {@code sendto} through JNA (already on the classpath for DJL).
 *
 * <p>Why libc rather than the alternatives: libc is on every board that can run the PyTorch
 * natives, whereas {@code libsystemd.so.0} may be absent (containers, minimal images) and would
 * add an ABI to track; the {@code systemd-notify} binary forks a process per message (every few
 * seconds for the watchdog, from a JVM that holds ~200 MB) and sends from a PID that is not the
 * service's main PID, so it needs {@code NotifyAccess=all} and races with its own exit (systemd
 * may no longer know which unit the PID belonged to). The protocol itself is one datagram of
 * {@code KEY=VALUE} lines to a path or abstract socket, documented by systemd as stable.
 */
public final class SdNotifySocket implements ServiceNotifier {
    /** {@code offsetof(struct sockaddr_un, sun_path)}. */
    private static final int PATH_OFFSET = 2;
    private static final int MAX_PATH = 108;

    private final String socketName;
    private final byte[] address;
    private int fd = -1;
    private boolean closed;

    /**
     * @param socketName {@code $NOTIFY_SOCKET}: a filesystem path, or {@code @name} for the
     *     abstract namespace
     * @throws NotifyException when the name is not a socket address systemd would hand out
     */
    public SdNotifySocket(String socketName) throws NotifyException {
        this.socketName = socketName;
        this.address = sockaddr(socketName);
    }

    /**
     * The notifier the environment asks for: a socket when {@code NOTIFY_SOCKET} is set, otherwise
     * {@link ServiceNotifier#NONE}.
     */
    public static ServiceNotifier fromEnvironment(Map<String, String> env) throws NotifyException {
        String name = env.get("NOTIFY_SOCKET");
        return name == null || name.isEmpty() ? ServiceNotifier.NONE : new SdNotifySocket(name);
    }

    static byte[] sockaddr(String name) throws NotifyException {
        if (!name.startsWith("/") && !name.startsWith("@")) {
            throw new NotifyException("NOTIFY_SOCKET must be an absolute path or @abstract name, got '" + name + "'");
        }
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@';
        if (abstractName) {
            path[0] = 0;
        }
        // A filesystem path carries its terminating NUL; an abstract name is exactly its bytes.
        int len = path.length + (abstractName ? 0 : 1);
        if (len > MAX_PATH) {
            throw new NotifyException("NOTIFY_SOCKET is longer than " + MAX_PATH + " bytes: " + name);
        }
        ByteBuffer b = ByteBuffer.allocate(PATH_OFFSET + len).order(ByteOrder.nativeOrder());
        b.putShort((short) NotifyLibC.AF_UNIX).put(path);
        return b.array();
    }

    @Override
    public synchronized void notify(String state) throws NotifyException {
        if (closed) {
            throw new NotifyException("notifier is closed");
        }
        byte[] msg = state.getBytes(StandardCharsets.UTF_8);
        try {
            if (fd < 0) {
                fd = NotifyLibC.INSTANCE.socket(NotifyLibC.AF_UNIX, NotifyLibC.SOCK_DGRAM | NotifyLibC.SOCK_CLOEXEC, 0);
            }
            long sent = NotifyLibC.INSTANCE.sendto(fd, msg, new NativeLong(msg.length), NotifyLibC.MSG_NOSIGNAL,
                    address,
                    address.length).longValue();
            if (sent != msg.length) {
                throw new NotifyException("short write to " + socketName + ": " + sent + " of " + msg.length
                        + " bytes");
            }
        } catch (LastErrorException e) {
            throw new NotifyException("cannot notify " + socketName + ": " + e.getMessage());
        }
    }

    @Override
    public boolean listening() {
        return true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (fd >= 0) {
            try {
                NotifyLibC.INSTANCE.close(fd);
            } catch (LastErrorException e) {
                // Nothing to recover: the descriptor is released either way.
            }
            fd = -1;
        }
    }
}
