package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.HttpConfig;
import io.edgeinfer.platform.StartupReport;
import io.edgeinfer.web.PipelineRecorder;
import io.edgeinfer.web.WebServer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device page's wiring: a recorder on each pipeline's inference loop, the view, the server. */
final class DevicePage {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePage.class);

    private DevicePage() {
    }

    /**
     * @return the running server, or null when {@code http.enabled} is false
     * @throws ConfigException naming the {@code http} key when the page cannot listen or read its credentials
     */
    static WebServer start(DaemonConfig boot, Supplier<DaemonConfig> current, String bootId, long startedMs,
            DaemonView.Parts parts, StartupReport startup, Clock clock) throws ConfigException {
        HttpConfig c = boot.http();
        if (!c.enabled()) {
            return null;
        }
        Map<String, PipelineRecorder> recorders = new LinkedHashMap<>();
        Map<RunningPipeline, PageRecording> recordings = new LinkedHashMap<>();
        for (RunningPipeline p : parts.pipelines()) {
            PipelineRecorder recorder = new PipelineRecorder();
            recorders.put(p.id(), recorder);
            recordings.put(p, new PageRecording(recorder));
        }
        recordings.forEach((p, r) -> p.loop().addObserver(r));
        DaemonView view = new DaemonView(bootId, startedMs, current, parts, recorders, startup, clock);
        WebServer server;
        try {
            server = WebServer.start(c, view, clock, System.getenv());
        } catch (ConfigException e) {
            recordings.forEach((p, r) -> p.loop().removeObserver(r));
            throw e;
        }
        LOG.info("device page on http://{}:{}/ ({}; auth {})", c.host(), server.port(),
                c.allowActions() ? "actions on" : "read-only", c.auth().basic()
                        ? "basic"
                        : c.auth().token() ? "token for actions" : "none");
        return server;
    }
}
