package dev.orion.host.metrics;

import dev.orion.api.OrionException;
import java.util.Map;
import java.util.Optional;

/**
 * How a server's metrics are reached, from environment variables.
 *
 * @param key  {@code ORION_METRICS_KEY}: when set, {@code GET /metrics} on the API port also
 *             accepts this key (a Prometheus can scrape without holding the API key); with no
 *             API key set, it is then required
 * @param port {@code ORION_METRICS_PORT}: when set, {@code /metrics} is also served on this port
 *             with no key (bind it where only the monitoring network reaches)
 */
public record MetricsSettings(Optional<String> key, Optional<Integer> port) {

    public static MetricsSettings fromEnvironment() {
        return fromMap(System.getenv());
    }

    public static MetricsSettings fromMap(Map<String, String> env) {
        Optional<String> key = Optional.ofNullable(env.get("ORION_METRICS_KEY")).map(String::trim).filter(s -> !s.isEmpty());
        Optional<Integer> port = Optional.ofNullable(env.get("ORION_METRICS_PORT")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(MetricsSettings::port);
        return new MetricsSettings(key, port);
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new OrionException("ORION_METRICS_PORT must be a port number (0-65535), got '" + value + "'");
        }
    }
}
