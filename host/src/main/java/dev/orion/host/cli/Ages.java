package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.api.StateType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the ages and state types {@code db prune} takes, and deletes result files. */
final class Ages {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([dhms])");

    private Ages() {
    }

    /** "30d", "12h", "90m", "45s", or ISO-8601 ("P30D", "PT12H"). */
    static Duration parse(String text) {
        Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new DateTimeParseException("negative", text, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new OrionException("'" + text + "' is not an age; use e.g. 30d, 12h, 90m, 45s or P30D");
        }
    }

    static StateType stateType(String name) {
        try {
            return StateType.parse(name.trim());
        } catch (IllegalArgumentException e) {
            throw new OrionException(e.getMessage());
        }
    }

    /** Deletes a stored result file ({@code local:FILE} under the storage folder); other references are left. */
    static void deleteResult(Path storage, String ref) {
        if (ref == null || !ref.startsWith("local:")) {
            return;
        }
        Path file = storage.resolve(ref.substring("local:".length())).normalize();
        if (!file.startsWith(storage.normalize())) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new OrionException("could not delete the result file " + file + ": " + e.getMessage(), e);
        }
    }
}
