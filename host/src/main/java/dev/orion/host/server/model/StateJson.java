package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.host.server.ApiJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A state as the API answers it (Prefect's {@code State}). A state's id is derived from its
 * run and its timestamp, which is unique per run, so the same state has the same id in every
 * answer without being looked up.
 */
public record StateJson(UUID id, StateType type, String name, Instant timestamp, String message, JsonNode data,
                        StateDetailsJson stateDetails) {

    public static StateJson of(State s, UUID flowRunId, UUID taskRunId) {
        if (s == null) {
            return null;
        }
        UUID runId = taskRunId != null ? taskRunId : flowRunId;
        return new StateJson(idOf(runId, s), s.type(), s.name(), s.timestamp(), s.message(), data(s.resultRef()),
                StateDetailsJson.of(s.details(), flowRunId, taskRunId));
    }

    /** The id of a run's state. */
    public static UUID idOf(UUID runId, State s) {
        if (s == null) {
            return null;
        }
        long micros = s.timestamp().getEpochSecond() * 1_000_000L + s.timestamp().getNano() / 1_000;
        return UUID.nameUUIDFromBytes((runId + "@" + micros).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode data(String ref) {
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("{")) {
            try {
                return ApiJson.MAPPER.readTree(ref);
            } catch (IOException e) {
                return TextNode.valueOf(ref);
            }
        }
        return TextNode.valueOf(ref);
    }
}
