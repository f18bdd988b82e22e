package dev.orion.host.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.orion.api.StateDetails;

/**
 * Writes {@link StateDetails} as compact JSON with only the fields that are set, by hand:
 * every stored state has details (at least its transition id), and Jackson's reflective
 * writer was a third of the store writer's time. Reading uses Jackson (the same field names).
 */
final class StateDetailsJson {

    private StateDetailsJson() {
    }

    static String write(StateDetails d) {
        StringBuilder b = new StringBuilder(96).append('{');
        field(b, "scheduledTime", d.scheduledTime());
        text(b, "cacheKey", d.cacheKey());
        field(b, "cacheExpiration", d.cacheExpiration());
        field(b, "refreshCache", d.refreshCache());
        field(b, "retryAttempt", d.retryAttempt());
        field(b, "transitionId", d.transitionId());
        field(b, "pauseTimeout", d.pauseTimeout());
        field(b, "pauseReschedule", d.pauseReschedule());
        text(b, "pauseKey", d.pauseKey());
        field(b, "childFlowRunId", d.childFlowRunId());
        field(b, "retriable", d.retriable());
        return b.append('}').toString();
    }

    /** Numbers and booleans bare; instants and ids, whose text needs no escaping, quoted. */
    private static void field(StringBuilder b, String name, Object value) {
        if (value == null) {
            return;
        }
        start(b, name);
        if (value instanceof Number || value instanceof Boolean) {
            b.append(value);
        } else {
            b.append('"').append(value).append('"');
        }
    }

    private static void text(StringBuilder b, String name, String value) {
        if (value == null) {
            return;
        }
        start(b, name);
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, b);
        b.append('"');
    }

    private static void start(StringBuilder b, String name) {
        if (b.length() > 1) {
            b.append(',');
        }
        b.append('"').append(name).append("\":");
    }
}
