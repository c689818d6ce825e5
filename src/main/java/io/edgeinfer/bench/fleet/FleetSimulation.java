package io.edgeinfer.bench.fleet;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.control.fleet.device.FleetAgent;
import io.edgeinfer.control.fleet.device.SimulatedSlot;
import io.edgeinfer.model.ModelInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * N simulated devices in one process: each the real {@link FleetAgent} with its own state file, its
 * own Paho connection and a {@link SimulatedSlot}. The agents are ticked as the daemon ticks its
 * one, every {@code tickMs} on a control thread; here two threads share the devices, each ticking
 * its half in turn.
 */
final class FleetSimulation implements AutoCloseable {
    static final int TICK_THREADS = 2;
    private static final long CONNECT_TIMEOUT_MS = 120_000;

    /** One simulated device. */
    record Device(String id, FleetAgent agent, DeviceLink link, SimulatedSlot slot) {
    }

    private final List<Device> devices = new ArrayList<>();
    private final ScheduledExecutorService pings = Executors.newScheduledThreadPool(1);
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(TICK_THREADS);

    /**
     * Connects {@code count} devices named {@code prefix-0000...} in group {@code group}, each serving
     * {@code serving}, each with the remote control {@code control} gives for its id.
     */
    FleetSimulation(String brokerUrl, FleetTopics topics, String group, int count, ModelInfo serving,
            Function<String, ControlConfig> control, Path stateDir) throws MqttException {
        List<DeviceLink> links = new ArrayList<>();
        try {
            // every device connects at once, as a fleet does after a broker restart; then each waits for its CONNACK
            List<IMqttToken> connecting = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                DeviceLink link = new DeviceLink(brokerUrl, String.format("sim-%05d", i), pings);
                links.add(link);
                connecting.add(link.connect());
            }
            for (IMqttToken t : connecting) {
                t.waitForCompletion(CONNECT_TIMEOUT_MS);
            }
            for (int i = 0; i < count; i++) {
                String id = String.format("sim-%05d", i);
                devices.add(device(id, links.get(i), topics, group, serving, control.apply(id), stateDir));
            }
        } catch (MqttException | RuntimeException e) {
            links.stream().filter(l -> devices.stream().noneMatch(d -> d.link() == l)).forEach(this::closeQuietly);
            close();
            throw e;
        }
    }

    private static Device device(String id, DeviceLink link, FleetTopics topics, String group, ModelInfo serving,
            ControlConfig control, Path stateDir) {
        SimulatedSlot slot = new SimulatedSlot("main", serving);
        FleetAgent agent = new FleetAgent(new FleetAgent.Device(id, "bench", List.of(id, group), topics,
                () -> control, stateDir.resolve("fleet-" + id + ".json"), () -> Double.NaN, Clock.systemUTC(),
                System::nanoTime), link, List.of(slot), (candidate, pipeline) -> {
                    throw new IllegalStateException("the fleet bench runs no shadow stage");
                });
        agent.start();
        return new Device(id, agent, link, slot);
    }

    /** Starts ticking every agent every {@code tickMs}. */
    void run(long tickMs) {
        for (int t = 0; t < TICK_THREADS; t++) {
            List<Device> part = new ArrayList<>();
            for (int i = t; i < devices.size(); i += TICK_THREADS) {
                part.add(devices.get(i));
            }
            ticks.scheduleWithFixedDelay(() -> part.forEach(d -> d.agent().tick()), 0, tickMs, TimeUnit.MILLISECONDS);
        }
    }

    List<Device> devices() {
        return devices;
    }

    long sent() {
        return devices.stream().mapToLong(d -> d.link().sent()).sum();
    }

    long received() {
        return devices.stream().mapToLong(d -> d.link().received()).sum();
    }

    /** Every device serves {@code sha256}. */
    boolean allServe(String sha256) {
        return devices.stream().allMatch(d -> d.slot().serving().sha256().equals(sha256));
    }

    private void closeQuietly(DeviceLink link) {
        try {
            link.close();
        } catch (MqttException e) {
            // closing anyway: the broker drops the connection when the process ends
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            // an agent is single-threaded: a tick still running must end before its agent closes
            ticks.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Device d : devices) {
            d.agent().close();
            closeQuietly(d.link());
        }
        pings.shutdownNow();
    }
}
