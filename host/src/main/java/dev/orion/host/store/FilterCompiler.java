package dev.orion.host.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.util.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one entity's part of a Prefect filter body ({@code {"name": {"any_": [...]}, "state":
 * {"type": {"any_": [...]}}, "operator": "and_"}}) into a SQL {@link Filter}. Unknown fields
 * and operators, and values of the wrong kind, are refused with an {@link InvalidFilterException}
 * that names them. Stateless; thread-safe.
 */
public final class FilterCompiler {

    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final int[] LEVEL_NUMBERS = {5, 10, 20, 30, 40};

    private FilterCompiler() {
    }

    /** The condition of {@code node} (null or JSON null matches everything) over the fields. */
    public static Filter compile(String entity, JsonNode node, Map<String, FilterField> fields) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Filter.ALL;
        }
        if (!node.isObject()) {
            throw new InvalidFilterException("'" + entity + "' must be an object of field filters, got " + node);
        }
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        String joiner = " AND ";
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            if (name.equals("operator")) {
                String op = e.getValue().asText();
                if (!op.equals("and_") && !op.equals("or_")) {
                    throw new InvalidFilterException(entity + ".operator must be 'and_' or 'or_', got " + e.getValue());
                }
                joiner = op.equals("or_") ? " OR " : " AND ";
                continue;
            }
            if (e.getValue().isNull()) {
                // Prefect's client sends every field of its filter model, null when unused.
                continue;
            }
            FilterField field = fields.get(name);
            if (field == null) {
                throw new InvalidFilterException("unknown filter field '" + entity + "." + name + "'; known: "
                        + fields.keySet());
            }
            field(entity + "." + name, field, e.getValue(), parts, params);
        }
        if (parts.isEmpty()) {
            return Filter.ALL;
        }
        return new Filter(String.join(joiner, parts.stream().map(p -> "(" + p + ")").toList()), params);
    }

    private static void field(String path, FilterField f, JsonNode ops, List<String> parts, List<Object> params) {
        if (!ops.isObject()) {
            throw new InvalidFilterException("'" + path + "' must be an object of operators, got " + ops);
        }
        if (f.kind() == FilterField.Kind.STATE) {
            for (var it = ops.fields(); it.hasNext(); ) {
                var e = it.next();
                String column = switch (e.getKey()) {
                    case "type" -> f.column() + "_type";
                    case "name" -> f.column() + "_name";
                    case "operator" -> null;
                    default -> throw new InvalidFilterException("unknown filter field '" + path + "." + e.getKey()
                            + "'; known: [type, name]");
                };
                if (column != null && !e.getValue().isNull()) {
                    field(path + "." + e.getKey(), FilterField.of(column, FilterField.Kind.TEXT), e.getValue(), parts, params);
                }
            }
            return;
        }
        for (var it = ops.fields(); it.hasNext(); ) {
            var e = it.next();
            String op = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            String c = f.column();
            String where = path + "." + op;
            switch (f.kind() + ":" + op) {
                case "ID:any_", "TEXT:any_" -> parts.add(inList(c, strings(where, v), params, false));
                case "ID:not_any_", "TEXT:not_any_" -> parts.add(inList(c, strings(where, v), params, true));
                case "TEXT:like_" -> {
                    parts.add("LOWER(" + c + ") LIKE ?");
                    params.add("%" + text(where, v).toLowerCase(Locale.ROOT) + "%");
                }
                case "TEXT:startswith_" -> {
                    parts.add(c + " LIKE ?");
                    params.add(text(where, v) + "%");
                }
                case "TEXT:exists_" -> parts.add(c + (bool(where, v) ? " IS NOT NULL" : " IS NULL"));
                case "ID:is_null_", "TEXT:is_null_", "TIME:is_null_" -> parts.add(c + (bool(where, v) ? " IS NULL" : " IS NOT NULL"));
                case "TIME:before_" -> {
                    parts.add(c + " <= ?");
                    params.add(Sql.micros(time(where, v)));
                }
                case "TIME:after_" -> {
                    parts.add(c + " >= ?");
                    params.add(Sql.micros(time(where, v)));
                }
                case "TAGS:all_", "TAGS:any_" -> {
                    List<String> tags = strings(where, v);
                    if (tags.isEmpty()) {
                        continue;
                    }
                    parts.add(String.join(op.equals("all_") ? " AND " : " OR ",
                            tags.stream().map(t -> c + " LIKE ?").toList()));
                    tags.forEach(t -> params.add("%" + Json.write(t) + "%"));
                }
                case "TAGS:is_null_" -> parts.add(c + (bool(where, v) ? " = '[]'" : " <> '[]'"));
                case "LEVEL:ge_", "LEVEL:le_" -> {
                    int n = v.isNumber() ? v.asInt() : -1;
                    if (!v.isNumber()) {
                        throw new InvalidFilterException("'" + where + "' must be a number, got " + v);
                    }
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < LEVELS.size(); i++) {
                        if (op.equals("ge_") ? LEVEL_NUMBERS[i] >= n : LEVEL_NUMBERS[i] <= n) {
                            names.add(LEVELS.get(i));
                        }
                    }
                    parts.add(names.isEmpty() ? "1 = 0" : inList(c, names, params, false));
                }
                case "FLAG:eq_" -> parts.add(c + (bool(where, v) ? " <> 0" : " = 0"));
                case "EXISTS:exists_" -> parts.add((bool(where, v) ? "" : "NOT ") + c);
                default -> throw new InvalidFilterException("unknown operator '" + where + "' for a "
                        + f.kind().name().toLowerCase(Locale.ROOT) + " field");
            }
        }
    }

    private static String inList(String column, List<String> values, List<Object> params, boolean negate) {
        if (values.isEmpty()) {
            return negate ? "1 = 1" : "1 = 0";
        }
        params.addAll(values);
        String in = column + (negate ? " NOT IN (" : " IN (") + String.join(", ", values.stream().map(x -> "?").toList()) + ")";
        return negate ? "(" + column + " IS NULL OR " + in + ")" : in;
    }

    private static List<String> strings(String where, JsonNode v) {
        if (!v.isArray()) {
            throw new InvalidFilterException("'" + where + "' must be a list, got " + v);
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(text(where, x)));
        return out;
    }

    private static String text(String where, JsonNode v) {
        if (!v.isTextual()) {
            throw new InvalidFilterException("'" + where + "' must hold strings, got " + v);
        }
        return v.asText();
    }

    private static boolean bool(String where, JsonNode v) {
        if (!v.isBoolean()) {
            throw new InvalidFilterException("'" + where + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    private static Instant time(String where, JsonNode v) {
        try {
            return OffsetDateTime.parse(text(where, v)).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException e2) {
                throw new InvalidFilterException("'" + where + "' must be an ISO-8601 time, got " + v);
            }
        }
    }

    /** A log level name as Prefect's number: INFO is 20. */
    public static int levelNumber(String name) {
        int i = LEVELS.indexOf(name);
        return i < 0 ? 20 : LEVEL_NUMBERS[i];
    }

    /** A Prefect level number as Orion's name: 20 is INFO, 50 (critical) is ERROR. */
    public static String levelName(int number) {
        for (int i = LEVEL_NUMBERS.length - 1; i >= 0; i--) {
            if (number >= LEVEL_NUMBERS[i]) {
                return LEVELS.get(i);
            }
        }
        return "TRACE";
    }
}
