package dev.orion.api;

import dev.orion.api.spi.RunScopes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Artifacts: markdown, tables and links a flow or task run publishes, shown on the run's page and,
 * when they have a key, on the Artifacts page with the key's earlier versions (Prefect's
 * {@code create_markdown_artifact}, {@code create_table_artifact}, {@code create_link_artifact}).
 *
 * <pre>{@code
 * Artifacts.markdown("daily-report", "# Sales\nUp **4 %**", "the day's sales");
 * Artifacts.table("top-customers", List.of(Map.of("name", "Ada", "orders", 12)), null);
 * }</pre>
 *
 * A key is optional (null), of lowercase letters, digits and dashes; the run and task run are
 * recorded from where the call runs. Each call answers the artifact's id. Works inside a running
 * flow or task. Thread-safe.
 */
public final class Artifacts {

    private Artifacts() {
    }

    /** A markdown artifact without a key. */
    public static UUID markdown(String markdown) {
        return markdown(null, markdown, null);
    }

    /** A markdown artifact; key and description may be null. */
    public static UUID markdown(String key, String markdown, String description) {
        Objects.requireNonNull(markdown, "markdown");
        return create("markdown", key, description, markdown);
    }

    /** A table artifact of rows, each a map from column to value; key and description may be null. */
    public static UUID table(String key, List<? extends Map<String, ?>> rows, String description) {
        Objects.requireNonNull(rows, "rows");
        return create("table", key, description, rows);
    }

    /** A table artifact of rows of values under the headers; key and description may be null. */
    public static UUID table(String key, List<String> headers, List<? extends List<?>> rows, String description) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(rows, "rows");
        List<Map<String, Object>> maps = new ArrayList<>();
        for (List<?> row : rows) {
            if (row.size() != headers.size()) {
                throw new OrionException("a table row has " + row.size() + " values for " + headers.size()
                        + " headers " + headers + ": " + row);
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                map.put(headers.get(i), row.get(i));
            }
            maps.add(map);
        }
        return create("table", key, description, maps);
    }

    /**
     * A link artifact: markdown {@code [text](url)}, as Prefect 2.14 stores links; text,
     * key and description may be null.
     */
    public static UUID link(String key, String url, String text, String description) {
        Objects.requireNonNull(url, "url");
        return create("markdown", key, description, "[" + (text == null || text.isBlank() ? url : text) + "](" + url + ")");
    }

    private static UUID create(String type, String key, String description, Object data) {
        return RunScopes.require("Artifacts." + type + "()").createArtifact(type, key, description, data);
    }
}
