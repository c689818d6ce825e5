package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.app.ModelCheck;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.outbox.OutboxException;
import io.edgeinfer.outbox.OutboxFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgeinfer check-config FILE}: validate, load the model, print the effective config. */
@Command(name = "check-config", description = "Validate a config file (and its model); print the effective config. Exit 0 or 78.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "YAML config file")
    Path file;

    @Option(names = "--skip-model", description = "Do not load the model (faster; file checks only)")
    boolean skipModel;

    @Override
    public Integer call() {
        try {
            DaemonConfig config = new ConfigLoader(System.getenv()).load(file);
            int refused = StartupGate.check(config, System.err::println, System.err::println);
            if (refused != ExitCodes.OK) {
                return refused;
            }
            if (config.outbox().enabled()) {
                checkOutbox(config.outbox().path());
            }
            if (!skipModel) {
                Map<String, ModelRunner> models = ModelCheck.all(config);
                for (PipelineSpec p : config.pipelines()) {
                    String which = config.named() ? "pipeline " + p.id() + ": " : "";
                    ModelRunner m = models.get(p.id());
                    if (m == null) {
                        System.err.println(which + "no classifier: anomaly detection only (model is optional with "
                                + "anomaly.enabled)");
                        continue;
                    }
                    System.err.println(which + "model OK: " + m.info().name() + " " + m.info().version() + " sha256 "
                            + m.info().sha256());
                    m.close();
                }
            }
            System.out.print(ConfigLoader.render(config));
            return ExitCodes.OK;
        } catch (ConfigException e) {
            System.err.println(file + ": " + e.getMessage());
            return ExitCodes.CONFIG;
        }
    }

    /** {@code run} would refuse a file that is not an outbox; say so now. */
    private static void checkOutbox(Path path) throws ConfigException {
        try {
            OutboxFile.check(path);
        } catch (OutboxException e) {
            throw new ConfigException("outbox.path", e.getMessage());
        }
    }
}
