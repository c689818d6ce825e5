package io.edgeinfer.mqtt.sparkplug;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.tahu.host.api.MultiHostApplicationEventHandler;
import org.eclipse.tahu.message.model.DeviceDescriptor;
import org.eclipse.tahu.message.model.EdgeNodeDescriptor;
import org.eclipse.tahu.message.model.Message;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugDescriptor;
import org.eclipse.tahu.mqtt.MqttServerName;

/** What Eclipse Tahu's host application told its event handler, in order. */
final class TahuEvents implements MultiHostApplicationEventHandler {
    /** Node and device births, deaths ({@code NBIRTH}, {@code DDEATH motor-a}, ...), in order. */
    final List<String> lifecycle = new CopyOnWriteArrayList<>();
    /** Names of data metrics as they arrived. */
    final List<String> data = new CopyOnWriteArrayList<>();
    final AtomicInteger stale = new AtomicInteger();
    final AtomicInteger connects = new AtomicInteger();

    long count(String event) {
        return lifecycle.stream().filter(event::equals).count();
    }

    @Override
    public void onConnect(MqttServerName server) {
        connects.incrementAndGet();
    }

    @Override
    public void onDisconnect(MqttServerName server) {
        // counted by the broker's side
    }

    @Override
    public void onMessage(MqttServerName server, SparkplugDescriptor d, Message m) {
        // the specific callbacks below
    }

    @Override
    public void onNodeBirthArrived(MqttServerName server, EdgeNodeDescriptor d, Message m) {
        // complete below
    }

    @Override
    public void onNodeBirthComplete(MqttServerName server, EdgeNodeDescriptor d) {
        lifecycle.add("NBIRTH");
    }

    @Override
    public void onNodeDataArrived(MqttServerName server, EdgeNodeDescriptor d, Message m) {
        // metrics below
    }

    @Override
    public void onNodeDataComplete(MqttServerName server, EdgeNodeDescriptor d) {
        // metrics below
    }

    @Override
    public void onNodeDeath(MqttServerName server, EdgeNodeDescriptor d, Message m) {
        // complete below
    }

    @Override
    public void onNodeDeathComplete(MqttServerName server, EdgeNodeDescriptor d) {
        lifecycle.add("NDEATH");
    }

    @Override
    public void onDeviceBirthArrived(MqttServerName server, DeviceDescriptor d, Message m) {
        // complete below
    }

    @Override
    public void onDeviceBirthComplete(MqttServerName server, DeviceDescriptor d) {
        lifecycle.add("DBIRTH " + d.getDeviceId());
    }

    @Override
    public void onDeviceDataArrived(MqttServerName server, DeviceDescriptor d, Message m) {
        // metrics below
    }

    @Override
    public void onDeviceDataComplete(MqttServerName server, DeviceDescriptor d) {
        // metrics below
    }

    @Override
    public void onDeviceDeath(MqttServerName server, DeviceDescriptor d, Message m) {
        // complete below
    }

    @Override
    public void onDeviceDeathComplete(MqttServerName server, DeviceDescriptor d) {
        lifecycle.add("DDEATH " + d.getDeviceId());
    }

    @Override
    public void onBirthMetric(MqttServerName server, SparkplugDescriptor d, Metric m) {
        // births are counted whole
    }

    @Override
    public void onDataMetric(MqttServerName server, SparkplugDescriptor d, Metric m) {
        data.add((d instanceof DeviceDescriptor dd ? dd.getDeviceId() + ":" : "") + m.getName());
    }

    @Override
    public void onStale(MqttServerName server, SparkplugDescriptor d, Metric m) {
        stale.incrementAndGet();
    }
}
