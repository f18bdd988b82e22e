package dev.orion.host;

import dev.orion.api.OrionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Orion's settings, read from environment variables, each with a default that works on a
 * fresh machine. Immutable.
 *
 * @param home        {@code ORION_HOME}, default {@code ~/.orion}: the database, results, plugins
 * @param databaseUrl {@code ORION_DATABASE_URL}, default SQLite at {@code $ORION_HOME/orion.db}
 * @param apiUrl      {@code ORION_API_URL}: when set, runs report to that server
 * @param pluginsDir  {@code ORION_PLUGINS_DIR}, default {@code $ORION_HOME/plugins}
 * @param rulesDir    {@code ORION_RULES_DIR}, default {@code $ORION_HOME/rules}
 * @param serverHost  {@code ORION_SERVER_HOST}, default {@code 127.0.0.1}
 * @param serverPort  {@code ORION_SERVER_PORT}, default 4200
 * @param apiKey      {@code ORION_API_KEY}: when set, the API requires it
 * @param sharedDatabase {@code ORION_ORCHESTRATOR}: {@code shared} decides every proposal from the
 *                    database under a row lock, for several processes on one PostgreSQL database;
 *                    {@code local} decides in memory (faster, one process per database). Default:
 *                    shared on PostgreSQL, local on SQLite
 * @param resultStorage {@code ORION_RESULT_STORAGE}, default {@code local}: the result storage of flows that name none
 * @param heartbeatTimeout {@code ORION_HEARTBEAT_TIMEOUT} (seconds or ISO-8601), default 60 s: a run whose worker
 *                    has not heartbeated for this long is declared Crashed
 * @param security    what opens the server and workers beyond their safe defaults ({@link SecuritySettings})
 */
public record OrionSettings(
        Path home,
        String databaseUrl,
        Optional<String> apiUrl,
        Path pluginsDir,
        Path rulesDir,
        String serverHost,
        int serverPort,
        Optional<String> apiKey,
        boolean sharedDatabase,
        String resultStorage,
        Duration heartbeatTimeout,
        SecuritySettings security) {

    /** Settings from the process environment. */
    public static OrionSettings fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Settings from the given variables (for tests and embedders). */
    public static OrionSettings fromMap(Map<String, String> env) {
        Path home = Path.of(nonBlank(env.get("ORION_HOME"))
                .orElse(System.getProperty("user.home") + "/.orion")).toAbsolutePath();
        String db = nonBlank(env.get("ORION_DATABASE_URL"))
                .orElse("jdbc:sqlite:" + home.resolve("orion.db"));
        Path plugins = nonBlank(env.get("ORION_PLUGINS_DIR")).map(Path::of).orElse(home.resolve("plugins"));
        Path rules = nonBlank(env.get("ORION_RULES_DIR")).map(Path::of).orElse(home.resolve("rules"));
        String host = nonBlank(env.get("ORION_SERVER_HOST")).orElse("127.0.0.1");
        int port = nonBlank(env.get("ORION_SERVER_PORT")).map(OrionSettings::port).orElse(4200);
        boolean shared = switch (nonBlank(env.get("ORION_ORCHESTRATOR")).orElse("").toLowerCase(Locale.ROOT)) {
            case "" -> db.startsWith("jdbc:postgresql:");
            case "shared" -> true;
            case "local" -> false;
            default -> throw new OrionException("ORION_ORCHESTRATOR must be 'shared' or 'local', got '"
                    + env.get("ORION_ORCHESTRATOR") + "'");
        };
        return new OrionSettings(home, db, nonBlank(env.get("ORION_API_URL")), plugins, rules, host, port,
                nonBlank(env.get("ORION_API_KEY")), shared, nonBlank(env.get("ORION_RESULT_STORAGE")).orElse("local"),
                nonBlank(env.get("ORION_HEARTBEAT_TIMEOUT")).map(OrionSettings::duration).orElse(Duration.ofSeconds(60)),
                SecuritySettings.fromMap(env));
    }

    /** These settings with other security settings. */
    public OrionSettings withSecurity(SecuritySettings security) {
        return new OrionSettings(home, databaseUrl, apiUrl, pluginsDir, rulesDir, serverHost, serverPort,
                apiKey, sharedDatabase, resultStorage, heartbeatTimeout, security);
    }

    /** The policy's overrides: {@code $ORION_HOME/policy.json}. */
    public Path policyFile() {
        return home.resolve("policy.json");
    }

    /** Where results are stored: {@code $ORION_HOME/storage}. */
    public Path storageDir() {
        return home.resolve("storage");
    }

    private static Duration duration(String value) {
        try {
            Duration d = value.trim().toUpperCase(Locale.ROOT).startsWith("P")
                    ? Duration.parse(value.trim().toUpperCase(Locale.ROOT))
                    : Duration.ofMillis(Math.round(Double.parseDouble(value.trim()) * 1000));
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new OrionException("ORION_HEARTBEAT_TIMEOUT must be a positive number of seconds or an "
                    + "ISO-8601 duration such as PT60S, got '" + value + "'");
        }
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new OrionException(
                    "ORION_SERVER_PORT must be a port number (0-65535), got '" + value + "'");
        }
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }
}
