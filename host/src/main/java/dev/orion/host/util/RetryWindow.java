package dev.orion.host.util;

import dev.orion.api.OrionException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How long Orion keeps waiting for a server or database that went away before it gives up:
 * {@code ORION_API_RETRY_WINDOW} (seconds, or an ISO-8601 duration), default 5 minutes. Clients
 * of the API retry for this long, and an embedded run waits this long for its database.
 */
public final class RetryWindow {

    /** The window when the variable is not set. */
    public static final Duration DEFAULT = Duration.ofMinutes(5);
    /** The variable that sets it. */
    public static final String VARIABLE = "ORION_API_RETRY_WINDOW";

    private RetryWindow() {
    }

    /** The window from the process environment. */
    public static Duration fromEnvironment() {
        return from(System.getenv());
    }

    /** The window from the given variables. */
    public static Duration from(Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        try {
            Duration d = v.startsWith("P") ? Duration.parse(v) : Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new OrionException(VARIABLE + " must be a number of seconds (0 or more) or an ISO-8601 duration "
                    + "such as PT5M, got '" + value + "'");
        }
    }

    /** The window as people read it: "5 min", "90 s". */
    public static String describe(Duration d) {
        long s = d.toSeconds();
        return s >= 120 && s % 60 == 0 ? s / 60 + " min" : s + " s";
    }
}
