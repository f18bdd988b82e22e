package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.limits.GlobalLimitAdmin;
import dev.orion.host.store.GlobalLimitRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link GlobalLimitAdmin} of a server, through Prefect's {@code /api/v2/concurrency_limits}. Thread-safe. */
public final class RemoteGlobalLimitAdmin implements GlobalLimitAdmin {

    private static final String PATH = "/v2/concurrency_limits/";

    private final ApiTransport api;

    public RemoteGlobalLimitAdmin(ApiTransport api) {
        this.api = api;
    }

    @Override
    public Optional<GlobalLimitRecord> create(String name, int limit, boolean active, double slotDecayPerSecond) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("limit", limit);
        body.put("slot_decay_per_second", slotDecayPerSecond);
        body.put("active", active);
        try {
            return Optional.of(read(api.post(PATH, body)));
        } catch (ApiCallException e) {
            if (e.status() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<GlobalLimitRecord> list() {
        List<GlobalLimitRecord> all = new ArrayList<>();
        api.post(PATH + "filter", Map.of()).forEach(n -> all.add(read(n)));
        return all;
    }

    @Override
    public Optional<GlobalLimitRecord> find(String name) {
        return api.find(PATH + encode(name)).map(RemoteGlobalLimitAdmin::read);
    }

    @Override
    public boolean update(String name, Change change) {
        if (find(name).isEmpty()) {
            return false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        putIfGiven(body, "limit", change.limit());
        putIfGiven(body, "slot_decay_per_second", change.slotDecayPerSecond());
        putIfGiven(body, "active", change.active());
        putIfGiven(body, "active_slots", change.activeSlots());
        return api.found("PATCH", PATH + encode(name), body);
    }

    @Override
    public boolean delete(String name) {
        return find(name).isPresent() && api.found("DELETE", PATH + encode(name), null);
    }

    private static void putIfGiven(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static GlobalLimitRecord read(JsonNode n) {
        return new GlobalLimitRecord(ApiCodec.uuid(n, "id"), n.path("name").asText(),
                n.path("limit").asInt(), n.path("active").asBoolean(), n.path("active_slots").asDouble(),
                n.path("denied_slots").asDouble(), n.path("slot_decay_per_second").asDouble(),
                n.path("avg_slot_occupancy_seconds").asDouble(), ApiCodec.time(n, "created"), ApiCodec.time(n, "updated"));
    }
}
