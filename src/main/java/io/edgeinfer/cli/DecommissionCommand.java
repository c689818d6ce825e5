package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.mqtt.homeassistant.Decommission;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer decommission --config FILE}: removes a stopped board from Home Assistant and
 * clears its retained status (docs/homeassistant.md, "Decommissioning").
 */
@Command(name = "decommission", description = "Remove a stopped device from Home Assistant: empty retained discovery "
        + "configs for every entity the config announces, and the retained status cleared (--keep-status: the configs "
        + "only). Exit 0 done, 1 the daemon is still online (stop it, or --force), 69 broker not reachable, 78 bad config.")
final class DecommissionCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The device's YAML config file")
    Path file;

    @Option(names = "--broker", paramLabel = "URL", description = "Broker to clear (default: the config's mqtt.broker)")
    String broker;

    @Option(names = "--force", description = "Clear even though the retained status says the daemon is online")
    boolean force;

    @Option(names = "--keep-status", description = "Clear the discovery configs only and keep the retained status: "
            + "for a board that keeps running with homeassistant.enabled: false")
    boolean keepStatus;

    @Override
    public Integer call() throws GeneralSecurityException, IOException, InterruptedException {
        DaemonConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load(file);
        } catch (ConfigException e) {
            System.err.println(file + ": " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        boolean embedded = broker == null && config.mqtt().usesEmbeddedBroker();
        String url = broker != null
                ? broker
                : embedded
                        ? "tcp://" + config.mqtt().embedded().host() + ":" + config.mqtt().embedded().port()
                        : config.mqtt().broker();
        try {
            List<String> cleared = new Decommission(config).run(url, force, keepStatus);
            cleared.forEach(t -> System.out.println("cleared " + t));
            System.err.println(config.deviceId() + ": " + cleared.size() + " retained messages cleared on " + url
                    + (config.homeAssistant().enabled()
                            ? " (homeassistant.enabled is true in this config: set it to false "
                                    + "before the board starts again, or it announces itself again)"
                            : ""));
            return ExitCodes.OK;
        } catch (Decommission.StillOnline e) {
            System.err.println(config.deviceId() + ": " + e.getMessage());
            return ExitCodes.FATAL;
        } catch (MqttException e) {
            if (embedded) {
                // The embedded broker lives in the daemon and keeps nothing once it stops.
                System.err.println(config.deviceId()
                        + ": nothing to clear: mqtt.broker is embedded and no broker answers on "
                        + url + "; its retained messages ended with the daemon that ran it");
                return ExitCodes.OK;
            }
            System.err.println(config.deviceId() + ": broker " + url + " not reachable: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
    }
}
