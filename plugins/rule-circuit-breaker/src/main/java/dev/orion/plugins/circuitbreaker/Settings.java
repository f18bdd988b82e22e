package dev.orion.plugins.circuitbreaker;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The circuit breaker's settings, from system properties or the environment. */
final class Settings {

    private Settings() {
    }

    static int failures() {
        String v = value("orion.circuitBreaker.failures", "ORION_CIRCUIT_BREAKER_FAILURES");
        if (v == null) {
            return 3;
        }
        try {
            int k = Integer.parseInt(v.trim());
            if (k < 1) {
                throw new NumberFormatException();
            }
            return k;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ORION_CIRCUIT_BREAKER_FAILURES must be a whole number of at least 1, got '"
                    + v + "'");
        }
    }

    static Duration coolDown() {
        String v = value("orion.circuitBreaker.coolDown", "ORION_CIRCUIT_BREAKER_COOLDOWN");
        if (v == null) {
            return Duration.ofMinutes(5);
        }
        try {
            return v.trim().startsWith("P") ? Duration.parse(v.trim()) : Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("ORION_CIRCUIT_BREAKER_COOLDOWN must be seconds or an ISO-8601 duration "
                    + "such as PT5M, got '" + v + "'");
        }
    }

    private static String value(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
