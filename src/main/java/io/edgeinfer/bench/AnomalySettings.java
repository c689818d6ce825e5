package io.edgeinfer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.AnomalyConfigReader;
import io.edgeinfer.config.ConfigError;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.Section;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The anomaly settings a bench runs with, read by the daemon's own reader so a bench measures
 * what a config would run: the defaults, or the {@code anomaly:} section of a YAML file.
 */
public final class AnomalySettings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnomalySettings() {
    }

    /**
     * The {@code anomaly} section of {@code yaml} (all defaults when null or absent) with this run's
     * detector, its model and, when given, the learning count.
     */
    public static AnomalyConfig fromFile(Path yaml, AnomalyConfig.Detector detector, Path model, Integer learnWindows,
            double rateHz) throws IOException, ConfigException {
        ObjectNode section = JSON.createObjectNode();
        Path base = Path.of(".").toAbsolutePath();
        if (yaml != null) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
            if (root != null && root.get("anomaly") instanceof ObjectNode a) {
                section = a;
            }
            base = yaml.toAbsolutePath().getParent();
        }
        section.put("detector", detector.key());
        if (model != null) {
            section.put("model", model.toAbsolutePath().toString());
        } else {
            section.remove("model");
        }
        if (learnWindows != null) {
            section.put("learn_windows", learnWindows);
        }
        return parse(section, base, rateHz);
    }

    /**
     * The defaults for a stream at {@code rateHz}, as the config reader makes them, with the
     * simulator's bearing tone (BPFO, 3.58 orders) when {@code envelope}.
     */
    public static AnomalyConfig defaults(double rateHz, AnomalyConfig.Detector detector, Path model, int learnWindows,
            boolean envelope) {
        ObjectNode s = JSON.createObjectNode();
        s.put("detector", detector.key());
        if (model != null) {
            s.put("model", model.toString());
        }
        s.put("learn_windows", learnWindows);
        if (envelope) {
            s.putObject("envelope").putArray("tones").addObject().put("name", "bpfo").put("order", 3.58);
        }
        try {
            return parse(s, Path.of("."), rateHz);
        } catch (ConfigException e) {
            throw new IllegalStateException("the bench's own settings are invalid: " + e.getMessage(), e);
        }
    }

    private static AnomalyConfig parse(ObjectNode section, Path base, double rateHz) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        AnomalyConfig c = new AnomalyConfigReader(base).read(new Section(section, "anomaly", errors), rateHz);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return c;
    }
}
