package dev.orion.host.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.orion.api.StateDetails;
import dev.orion.host.util.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Writes and reads {@link StateDetails} as compact JSON with only the fields that are set, by
 * hand: every stored state has details (at least its transition id); Jackson's reflective
 * writer was a third of the store writer's time, and its reflective reader the largest part of
 * reading history for a replay. Details in another shape (numeric instants, fields of a later
 * version) go to Jackson's reader, which reads the same names.
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

    private static final String TRANSITION_ONLY = "{\"transitionId\":\"";
    private static final int TRANSITION_ONLY_LENGTH = TRANSITION_ONLY.length() + 36 + 2;

    static StateDetails read(String json) {
        // Most states carry only their transition id: read it without a parser.
        if (json.length() == TRANSITION_ONLY_LENGTH && json.startsWith(TRANSITION_ONLY) && json.endsWith("\"}")) {
            try {
                return StateDetails.EMPTY.withTransitionId(
                        UUID.fromString(json.substring(TRANSITION_ONLY.length(), json.length() - 2)));
            } catch (IllegalArgumentException unusual) {
                // not a UUID after all: the parser below decides
            }
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            StateDetails d = readFields(p);
            if (d != null) {
                return d;
            }
        } catch (IOException | DateTimeParseException | IllegalArgumentException unusual) {
            // not the shape write() makes: Jackson's reader below says what is wrong, if anything
        }
        return Json.read(json, StateDetails.class);
    }

    /** The fields write() makes, or null at anything else. */
    private static StateDetails readFields(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Instant scheduledTime = null;
        String cacheKey = null;
        Instant cacheExpiration = null;
        Boolean refreshCache = null;
        Integer retryAttempt = null;
        UUID transitionId = null;
        Instant pauseTimeout = null;
        Boolean pauseReschedule = null;
        String pauseKey = null;
        UUID childFlowRunId = null;
        Boolean retriable = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "scheduledTime" -> scheduledTime = Instant.parse(text(p, t));
                case "cacheKey" -> cacheKey = text(p, t);
                case "cacheExpiration" -> cacheExpiration = Instant.parse(text(p, t));
                case "refreshCache" -> refreshCache = bool(t);
                case "retryAttempt" -> retryAttempt = integer(p, t);
                case "transitionId" -> transitionId = UUID.fromString(text(p, t));
                case "pauseTimeout" -> pauseTimeout = Instant.parse(text(p, t));
                case "pauseReschedule" -> pauseReschedule = bool(t);
                case "pauseKey" -> pauseKey = text(p, t);
                case "childFlowRunId" -> childFlowRunId = UUID.fromString(text(p, t));
                case "retriable" -> retriable = bool(t);
                default -> {
                    return null;
                }
            }
        }
        return new StateDetails(scheduledTime, cacheKey, cacheExpiration, refreshCache, retryAttempt, transitionId,
                pauseTimeout, pauseReschedule, pauseKey, childFlowRunId, retriable);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not text: " + t);
        }
        return p.getText();
    }

    private static Boolean bool(JsonToken t) {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new IllegalArgumentException("not a boolean: " + t);
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static Integer integer(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("not an integer: " + t);
        }
        return p.getIntValue();
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
