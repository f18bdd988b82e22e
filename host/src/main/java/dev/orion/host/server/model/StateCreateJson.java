package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.host.server.InvalidRequestException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * A state a client proposes (Prefect's {@code StateCreate}). Its {@code data} (a result
 * reference) is kept as JSON in the state's result reference, without the artifact fields
 * Prefect also drops.
 */
public record StateCreateJson(
        StateType type,
        String name,
        String message,
        StateDetailsJson stateDetails,
        JsonNode data,
        Instant timestamp,
        UUID id) {

    public State toState() {
        if (type == null) {
            throw new InvalidRequestException("a state needs a 'type', one of " + Arrays.toString(StateType.values()));
        }
        StateDetails details = stateDetails == null ? StateDetails.EMPTY : stateDetails.toDetails();
        return new State(type, name, null, message, details, resultRef(data));
    }

    static String resultRef(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return null;
        }
        if (data.isTextual()) {
            return data.asText();
        }
        if (data instanceof ObjectNode o) {
            ObjectNode copy = o.deepCopy();
            copy.remove("artifact_type");
            copy.remove("artifact_description");
            return copy.toString();
        }
        return data.toString();
    }
}
