package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /api/{flow,task}_runs/{id}/set_state}. */
public record SetStateJson(StateCreateJson state, Boolean force, JsonNode orchestrationParameters) {
}
