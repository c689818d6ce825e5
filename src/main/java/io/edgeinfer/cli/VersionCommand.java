package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.app.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code edgeinfer version}. */
@Command(name = "version", description = "Print the version and the pinned engine versions.")
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("edgeinfer " + Version.get());
        System.out.println("java " + System.getProperty("java.version") + " on " + System.getProperty("os.arch"));
        System.out.println("djl 0.29.0, pytorch 2.3.1 (cpu, precxx11)");
        return ExitCodes.OK;
    }
}
