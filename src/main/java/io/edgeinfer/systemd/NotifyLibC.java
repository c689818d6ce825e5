package io.edgeinfer.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The four libc calls a datagram on an {@code AF_UNIX} socket needs (Java 17 only offers stream
 * sockets for that family). Constants are the Linux values on x86-64 and arm64 alike.
 */
interface NotifyLibC extends Library {
    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    /** No SIGPIPE if the manager's socket went away; the call fails with an errno instead. */
    int MSG_NOSIGNAL = 0x4000;

    NotifyLibC INSTANCE = Native.load("c", NotifyLibC.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrLen)
            throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
