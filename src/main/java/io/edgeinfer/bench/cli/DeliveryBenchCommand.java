package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.DeliveryBench;
import io.edgeinfer.data.Quantiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgeinfer bench delivery}: what the durable outbox costs and how fast a backlog drains. */
@Command(name = "delivery", description = "MQTT delivery: outbox on vs off, backlog replay rate, disk bytes per message.")
class DeliveryBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Mixin
    BenchOptions.Broker broker = new BenchOptions.Broker();

    @Option(names = "--messages", defaultValue = "10000", description = "Messages per publish run (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--replay", defaultValue = "12000", description = "Backlog size: 60 s at 200 windows/s (default: ${DEFAULT-VALUE})")
    int replay;

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(3);

    @Option(names = "--dir", description = "Where the benchmark outboxes go (default: a temporary folder; put it on the device's SD card)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (rounds.rounds < 1 || messages < 1 || replay < 1) {
            System.err.println("--rounds, --messages and --replay must be >= 1");
            return ExitCodes.USAGE;
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("edgeinfer-bench");
        try (BenchOptions.Broker.Connection mqtt = broker.open()) {
            DeliveryBench b = new DeliveryBench(mqtt.url(), work);
            b.publishRate(true, messages); // warm-up
            b.publishRate(false, messages);
            List<Double> on = new ArrayList<>();
            List<Double> off = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds.rounds; r++) {
                double withOutbox = b.publishRate(true, messages);
                double memory = b.publishRate(false, messages);
                on.add(withOutbox);
                off.add(memory);
                ratios.add(withOutbox / memory);
            }
            List<DeliveryBench.Replay> replays = new ArrayList<>();
            for (int r = 0; r < rounds.rounds; r++) {
                replays.add(b.replay(replay));
            }
            System.out.printf(Locale.ROOT,
                    "broker %s, %d messages of %d bytes per publish run, %d rounds, outbox in %s%n",
                    mqtt.url(), messages, DeliveryBench.documentSize(), rounds.rounds, work);
            System.out.printf(Locale.ROOT, "publish, durable outbox (SQLite):  %8.0f msg/s (median)%n", Quantiles
                    .median(on));
            System.out.printf(Locale.ROOT, "publish, in-memory outbox:         %8.0f msg/s (median)%n", Quantiles
                    .median(off));
            System.out.printf(Locale.ROOT, "ratio durable/memory: %.3f  (each round: %s)%n", Quantiles.median(ratios),
                    fmt(ratios));
            List<Double> rates = replays.stream().map(DeliveryBench.Replay::perSecond).toList();
            System.out.printf(Locale.ROOT,
                    "replay of a %d-message backlog after restart: %8.0f msg/s (median; rounds: %s)%n",
                    replay, Quantiles.median(rates), fmt(rates));
            System.out.printf(Locale.ROOT, "outbox disk writes while filling: %.0f bytes per message%n",
                    Quantiles.median(replays.stream().map(DeliveryBench.Replay::diskBytesPerMessage).toList()));
        }
        return ExitCodes.OK;
    }

    private static String fmt(List<Double> xs) {
        return String.join(", ", xs.stream().map(x -> String.format(Locale.ROOT, x > 10 ? "%.0f" : "%.3f", x))
                .toList());
    }
}
