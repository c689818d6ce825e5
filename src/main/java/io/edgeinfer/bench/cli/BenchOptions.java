package io.edgeinfer.bench.cli;

import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.mqtt.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options several benches share, as picocli mixins ({@code @Mixin}), so each is spelt, described
 * and checked one way. A bench whose default differs passes it to the mixin's constructor: picocli
 * takes a mixin's initial field values as its defaults and shows them in the help.
 */
final class BenchOptions {
    private BenchOptions() {
    }

    /** {@code -h, --help}: the bench's usage (no {@code --version}: that is the top command's). */
    static final class Help {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
    }

    /** {@code --broker URL}: where the measured pipeline publishes. */
    static final class Broker {
        @Option(names = "--broker", paramLabel = "URL", description = "MQTT broker URL (default: an embedded broker on a free loopback port)")
        String url;

        /** The broker to use: the one given, or an embedded one that closing the result stops. */
        Connection open() throws IOException {
            EmbeddedBroker embedded = url == null ? new EmbeddedBroker("127.0.0.1", 0) : null;
            return new Connection(url != null ? url : embedded.url(), embedded);
        }

        /** A broker URL for the run, and the embedded broker behind it, if any. */
        record Connection(String url, EmbeddedBroker embedded) implements AutoCloseable {
            @Override
            public void close() {
                if (embedded != null) {
                    embedded.close();
                }
            }
        }
    }

    /** {@code --threads N}: PyTorch intra-op threads. */
    static final class Threads {
        @Option(names = "--threads", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE})")
        int threads = 1;

        /** Starts DJL's engine offline with this many threads (once per process). */
        void configureEngine() {
            configureEngine(threads);
        }

        static void configureEngine(int threads) {
            DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), threads);
        }
    }

    /** {@code --rounds N}: measured rounds, taken in turns so machine noise weighs on every side alike. */
    static final class Rounds {
        @Option(names = "--rounds", description = "Rounds, the compared sides taking turns; medians reported (default: ${DEFAULT-VALUE})")
        int rounds;

        Rounds() {
            this(1);
        }

        Rounds(int rounds) {
            this.rounds = rounds;
        }
    }

    /** {@code --windows N}: windows through the pipeline per measured run. */
    static final class Windows {
        @Option(names = "--windows", description = "Windows per measured run (default: ${DEFAULT-VALUE})")
        int windows;

        Windows() {
            this(2000);
        }

        Windows(int windows) {
            this.windows = windows;
        }
    }

    /**
     * A daemon on the simulator at a fixed window rate, measured in rounds that alternate two
     * conditions ({@code bench page}, {@code bench capture}).
     */
    static final class Paced {
        @Option(names = "--model", description = "Model (default: ${DEFAULT-VALUE})")
        Path model = Path.of("models/vibration_int8.pt");

        @Option(names = "--round-seconds", description = "Seconds per round (default: ${DEFAULT-VALUE})")
        double roundS = 20;

        @Option(names = "--hop", description = "Window hop at 400 Hz; 8 = 50 windows/s (default: ${DEFAULT-VALUE})")
        int hop = 8;

        /** Whether the values can be run; else says what they must be on stderr. */
        boolean valid(int rounds) {
            if (rounds < 1 || roundS < 1 || hop < 1 || hop > 256) {
                System.err.println("--rounds >= 1, --round-seconds >= 1, --hop 1-256");
                return false;
            }
            return true;
        }

        /** The first line of the report: what ran, how long, on how many cores. */
        String header(int rounds) {
            return String.format(Locale.ROOT, "%s, %.0f windows/s (hop %d at 400 Hz), %d rounds x %.0f s per "
                    + "condition, ABBA order, after 10 s warm-up; %d cores", model.getFileName(), 400.0 / hop, hop,
                    rounds,
                    roundS, Runtime.getRuntime().availableProcessors());
        }
    }
}
