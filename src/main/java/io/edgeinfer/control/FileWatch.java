package io.edgeinfer.control;

import java.io.IOException;

/** Tells when the config file changed on disk (an editor saved it), so it is re-read as on SIGHUP. */
public interface FileWatch extends AutoCloseable {
    void start(Runnable changed) throws IOException;

    @Override
    void close();
}
