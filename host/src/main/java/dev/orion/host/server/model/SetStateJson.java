package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * The body of {@code POST /api/{flow,task}_runs/{id}/set_state}. {@code orionProposalId} is
 * Orion's extension (Prefect's client never sends it): the id of the proposal, so that a
 * proposal repeated after its answer was lost gets the same decision and makes no second
 * transition.
 */
public record SetStateJson(StateCreateJson state, Boolean force, JsonNode orchestrationParameters,
                           UUID orionProposalId) {
}
