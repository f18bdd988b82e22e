package dev.orion.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterCompiler;
import dev.orion.host.store.FilterField;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.InvalidFilterException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of a {@code /filter} or {@code /count} request: one filter per entity
 * ({@code flows}, {@code flow_runs}, {@code task_runs}, {@code logs}...), a {@code sort},
 * a {@code limit} (default and at most 200) and an {@code offset}. Unknown keys, operators,
 * sorts and out-of-range numbers are 422s.
 */
public final class FilterRequest {

    /**
     * The filters Prefect 2.14's client sends with a flow, flow run, task run or deployment
     * filter (each may be null, or have null fields, for no filter).
     */
    public static final Set<String> PREFECT_ENTITIES = Set.of("flows", "flow_runs", "task_runs", "deployments",
            "work_pools", "work_pool_queues", "work_queues");

    /** The most rows one request may read, as Prefect's default limit. */
    public static final int MAX_LIMIT = 200;

    private final Map<String, JsonNode> entities = new HashMap<>();
    private final String sort;
    private final int limit;
    private final int offset;

    private FilterRequest(Map<String, JsonNode> entities, String sort, int limit, int offset) {
        this.entities.putAll(entities);
        this.sort = sort;
        this.limit = limit;
        this.offset = offset;
    }

    /** Parses a body that may filter on the given entities. */
    public static FilterRequest parse(String body, Set<String> allowedEntities) {
        JsonNode root = ApiJson.tree(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("a filter body must be a JSON object, got " + root.getNodeType());
        }
        Map<String, JsonNode> entities = new HashMap<>();
        String sort = null;
        int limit = MAX_LIMIT;
        int offset = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "sort" -> sort = v.isNull() ? null : v.asText();
                case "limit" -> limit = v.isNull() ? MAX_LIMIT : number("limit", v, 0, MAX_LIMIT);
                case "offset" -> offset = v.isNull() ? 0 : number("offset", v, 0, Integer.MAX_VALUE);
                default -> {
                    if (!allowedEntities.contains(e.getKey())) {
                        throw new InvalidRequestException("unknown field '" + e.getKey() + "'; known: "
                                + new TreeSet<>(allowedEntities) + ", sort, limit, offset");
                    }
                    entities.put(e.getKey(), v);
                }
            }
        }
        return new FilterRequest(entities, sort, limit, offset);
    }

    private static int number(String name, JsonNode v, int min, int max) {
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new InvalidRequestException("'" + name + "' must be a whole number from " + min + " to " + max
                    + ", got " + v);
        }
        return v.asInt();
    }

    /** The condition an entity's filter puts on rows with the given fields. */
    public Filter filter(String entity, Map<String, FilterField> fields) {
        try {
            return FilterCompiler.compile(entity, entities.get(entity), fields);
        } catch (InvalidFilterException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /** This request without the filters of the given entities. */
    public FilterRequest without(String... dropped) {
        Map<String, JsonNode> copy = new HashMap<>(entities);
        for (String e : dropped) {
            copy.remove(e);
        }
        return new FilterRequest(copy, sort, limit, offset);
    }

    /** Whether the body has a filter for the entity that filters something (not only nulls and operators). */
    public boolean has(String entity) {
        return filtersSomething(entities.get(entity));
    }

    private static boolean filtersSomething(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return false;
        }
        if (!n.isObject()) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().equals("operator") && filtersSomething(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** The page to read, with the sort given or the default. */
    public FilterQueries.Page page(Map<String, String> sorts, String defaultSort) {
        String key = sort == null ? defaultSort : sort;
        String orderBy = sorts.get(key);
        if (orderBy == null) {
            throw new InvalidRequestException("unknown sort '" + key + "'; known: " + new TreeSet<>(sorts.keySet()));
        }
        return new FilterQueries.Page(orderBy, limit, offset);
    }
}
