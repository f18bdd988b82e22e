package dev.orion.host.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL condition with its parameters, built by {@link FilterCompiler} from an API filter.
 * Immutable.
 *
 * @param sql    a boolean SQL expression ({@code 1 = 1} when it matches everything)
 * @param params its parameters, in order
 */
public record Filter(String sql, List<Object> params) {

    public static final Filter ALL = new Filter("1 = 1", List.of());

    public Filter {
        params = List.copyOf(params);
    }

    /** Both conditions. */
    public Filter and(Filter other) {
        if (this == ALL || sql.equals(ALL.sql)) {
            return other;
        }
        if (other.sql.equals(ALL.sql)) {
            return this;
        }
        List<Object> p = new ArrayList<>(params);
        p.addAll(other.params);
        return new Filter("(" + sql + ") AND (" + other.sql + ")", p);
    }

    /** This condition on rows whose {@code column} is among the ids {@code subquery} selects with the other filter. */
    public static Filter in(String column, String subqueryPrefix, Filter inner) {
        return new Filter(column + " IN (" + subqueryPrefix + " WHERE " + inner.sql + ")", inner.params);
    }
}
