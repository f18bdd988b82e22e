package dev.orion.host;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings that open the server (and workers) beyond their safe defaults, read from
 * environment variables. Immutable.
 *
 * @param readApiKey     {@code ORION_API_READ_KEY}: a second key that may only read (GETs and the
 *                       {@code /filter}, {@code /count} and summary queries); needs {@code ORION_API_KEY}
 * @param allowedHosts   {@code ORION_ALLOWED_HOSTS}: host names the server answers to besides the
 *                       loopback names and the address it listens on (comma-separated; {@code *} any)
 * @param allowedOrigins {@code ORION_ALLOWED_ORIGINS}: browser origins besides the server's own that may
 *                       call the API (comma-separated, e.g. {@code https://ops.example.com})
 * @param flowsDir       {@code ORION_FLOWS_DIR}, default the working directory: the only folder a
 *                       deployment's or run's file entrypoint may name a file in (relative to it)
 * @param allowNoKey     {@code ORION_ALLOW_NO_KEY=true} (or {@code server start --allow-no-key}): listen on
 *                       a non-loopback address without an API key (warned about at every start)
 */
public record SecuritySettings(Optional<String> readApiKey, Set<String> allowedHosts, Set<String> allowedOrigins,
                               Path flowsDir, boolean allowNoKey) {

    /** The settings from these variables. */
    public static SecuritySettings fromMap(Map<String, String> env) {
        return new SecuritySettings(
                Optional.ofNullable(env.get("ORION_API_READ_KEY")).map(String::trim).filter(s -> !s.isEmpty()),
                list(env.get("ORION_ALLOWED_HOSTS")),
                list(env.get("ORION_ALLOWED_ORIGINS")),
                Optional.ofNullable(env.get("ORION_FLOWS_DIR")).filter(s -> !s.isBlank()).map(s -> Path.of(s.trim()))
                        .orElse(Path.of("")).toAbsolutePath().normalize(),
                "true".equalsIgnoreCase(String.valueOf(env.get("ORION_ALLOW_NO_KEY")).trim()));
    }

    /** These settings, allowing a non-loopback address without an API key. */
    public SecuritySettings allowingNoKey() {
        return new SecuritySettings(readApiKey, allowedHosts, allowedOrigins, flowsDir, true);
    }

    private static Set<String> list(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .collect(Collectors.toUnmodifiableSet());
    }
}
