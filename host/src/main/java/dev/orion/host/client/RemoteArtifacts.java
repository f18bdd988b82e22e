package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.artifacts.ArtifactRules;
import dev.orion.host.artifacts.Artifacts;
import dev.orion.host.store.ArtifactCollectionRecord;
import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.NewArtifact;
import dev.orion.host.util.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link Artifacts} of a server, through Prefect's {@code /api/artifacts}. Thread-safe. */
public final class RemoteArtifacts implements Artifacts {

    private static final int PAGE = Artifacts.PAGE;

    private final ApiTransport api;

    public RemoteArtifacts(ApiTransport api) {
        this.api = api;
    }

    @Override
    public ArtifactRecord create(NewArtifact a) {
        ArtifactRules.key(a.key());
        Map<String, Object> body = new LinkedHashMap<>();
        put(body, "key", a.key());
        put(body, "type", a.type());
        put(body, "description", a.description());
        put(body, "data", a.data());
        put(body, "metadata_", a.metadata());
        put(body, "flow_run_id", a.flowRunId());
        put(body, "task_run_id", a.taskRunId());
        return read(api.post("/artifacts/", body));
    }

    @Override
    public Optional<ArtifactRecord> latest(String key) {
        try {
            return Optional.of(read(api.get("/artifacts/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "/latest")));
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<ArtifactCollectionRecord> latestOfEachKey() {
        List<ArtifactCollectionRecord> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = api.post("/artifacts/latest/filter", Map.of("limit", PAGE, "offset", offset, "sort", "KEY_ASC"));
            page.forEach(n -> all.add(new ArtifactCollectionRecord(UUID.fromString(n.path("id").asText()),
                    read(n, UUID.fromString(n.path("latest_id").asText())), instant(n.path("created")),
                    instant(n.path("updated")))));
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    @Override
    public List<ArtifactRecord> versions(String key) {
        List<ArtifactRecord> all = new ArrayList<>();
        api.post("/artifacts/filter", Map.of("limit", PAGE, "sort", "CREATED_DESC",
                "artifacts", Map.of("key", Map.of("any_", List.of(key))))).forEach(n -> all.add(read(n)));
        return all;
    }

    private static void put(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value instanceof UUID u ? u.toString() : value);
        }
    }

    private static ArtifactRecord read(JsonNode n) {
        return read(n, UUID.fromString(n.path("id").asText()));
    }

    private static ArtifactRecord read(JsonNode n, UUID id) {
        JsonNode data = n.path("data");
        JsonNode metadata = n.path("metadata_");
        return new ArtifactRecord(id, text(n.path("key")), text(n.path("type")), text(n.path("description")),
                data.isMissingNode() || data.isNull() ? null : Json.MAPPER.convertValue(data, Object.class),
                metadata.isObject() ? Json.MAPPER.convertValue(metadata, Json.MAPPER.getTypeFactory()
                        .constructMapType(Map.class, String.class, String.class)) : null,
                uuid(n.path("flow_run_id")), uuid(n.path("task_run_id")), instant(n.path("created")),
                instant(n.path("updated")));
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static UUID uuid(JsonNode n) {
        return n.isTextual() ? UUID.fromString(n.asText()) : null;
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? OffsetDateTime.parse(n.asText()).toInstant() : null;
    }
}
