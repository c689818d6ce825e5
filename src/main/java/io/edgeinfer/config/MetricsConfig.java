package io.edgeinfer.config;

/**
 * The Prometheus endpoint.
 *
 * @param host address to bind (loopback unless an operator opens it)
 * @param port TCP port; 0 turns the endpoint off
 */
public record MetricsConfig(String host, int port) {
    public boolean enabled() {
        return port != 0;
    }
}
