package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.host.secrets.Secrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Secrets} of a server, through Prefect's block document endpoints (so they work against
 * Prefect's own server too). Reading a value asks for {@code include_secrets=true}, which a
 * read-only key is refused. Thread-safe.
 */
public final class RemoteSecrets implements Secrets {

    private final ApiTransport api;

    public RemoteSecrets(ApiTransport api) {
        this.api = api;
    }

    @Override
    public Optional<String> get(String name) {
        return document(name, true).map(d -> d.path("data").path("value").asText());
    }

    @Override
    public void set(String name, String value) {
        Secrets.checkName(name);
        Optional<JsonNode> existing = document(name, false);
        if (existing.isPresent()) {
            api.patch("/block_documents/" + existing.get().get("id").asText(),
                    Map.of("data", Map.of("value", value), "merge_existing_data", false));
            return;
        }
        JsonNode type = api.get("/block_types/slug/" + BLOCK_TYPE);
        JsonNode schemas = api.post("/block_schemas/filter",
                Map.of("block_schemas", Map.of("block_type_id", Map.of("any_", List.of(type.get("id").asText())))));
        if (schemas.isEmpty()) {
            throw new OrionException("the server at " + api.apiUrl() + " has no schema for the '"
                    + BLOCK_TYPE + "' block type");
        }
        api.post("/block_documents/", Map.of("name", name, "block_type_id", type.get("id").asText(),
                "block_schema_id", schemas.get(0).get("id").asText(), "data", Map.of("value", value)));
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>();
        api.post("/block_documents/filter", Map.of("block_types", Map.of("slug", Map.of("any_", List.of(BLOCK_TYPE))),
                "include_secrets", false)).forEach(d -> {
                    if (!d.path("is_anonymous").asBoolean(false)) {
                        names.add(d.get("name").asText());
                    }
                });
        return names;
    }

    @Override
    public boolean delete(String name) {
        Optional<JsonNode> existing = document(name, false);
        existing.ifPresent(d -> api.delete("/block_documents/" + d.get("id").asText()));
        return existing.isPresent();
    }

    private Optional<JsonNode> document(String name, boolean includeSecrets) {
        try {
            return Optional.of(api.get("/block_types/slug/" + BLOCK_TYPE + "/block_documents/name/"
                    + URLEncoder.encode(name, StandardCharsets.UTF_8) + (includeSecrets ? "?include_secrets=true" : "")));
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
