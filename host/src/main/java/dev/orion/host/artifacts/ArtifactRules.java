package dev.orion.host.artifacts;

import dev.orion.api.OrionException;
import dev.orion.host.util.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prefect 2.14's rules for artifacts, in one place for every path (API, Java, scripts): a key of
 * lowercase letters, digits and dashes; a table given as rows (a list of maps or of lists) or as
 * columns (a map of lists), stored as its JSON text as Prefect's client stores it. Stateless.
 */
public final class ArtifactRules {

    public static final String MARKDOWN = "markdown";
    public static final String TABLE = "table";
    public static final int MAX_METADATA_VALUE = 500;
    private static final Pattern KEY = Pattern.compile("[a-z0-9-]*");

    private ArtifactRules() {
    }

    /** The key (null: none), or an error saying what is wrong with it. */
    public static String key(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw new OrionException("Artifact key must only contain lowercase letters, numbers, and dashes, got '"
                    + key + "'");
        }
        return key;
    }

    /** A table's data: its JSON text, after checking its shape. */
    public static String table(Object table) {
        boolean columns = table instanceof Map<?, ?> m && m.values().stream().allMatch(v -> v instanceof List<?>);
        boolean rows = table instanceof List<?> l && l.stream().allMatch(v -> v instanceof List<?> || v instanceof Map<?, ?>);
        if (!columns && !rows) {
            throw new OrionException("a table artifact needs a list of rows (maps or lists) or a map of columns (lists), got "
                    + (table == null ? "null" : table.getClass().getSimpleName()));
        }
        return Json.write(table);
    }

    /** Metadata as Prefect keeps it: a value longer than 500 characters is cut there and ends in "...". */
    public static Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata == null) {
            return null;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        metadata.forEach((k, v) -> kept.put(k, v != null && v.length() > MAX_METADATA_VALUE
                ? v.substring(0, MAX_METADATA_VALUE) + "..." : v));
        return kept;
    }
}
