package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.VariableRecord;
import dev.orion.host.variables.VariableRules;
import dev.orion.host.variables.Variables;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Variables} of a server, through Prefect's {@code /api/variables}. Thread-safe. */
public final class RemoteVariables implements Variables {

    private static final int PAGE = 200;

    private final ApiTransport api;

    public RemoteVariables(ApiTransport api) {
        this.api = api;
    }

    @Override
    public Optional<VariableRecord> get(String name) {
        return api.find(path(name)).map(RemoteVariables::read);
    }

    @Override
    public VariableRecord set(String name, String value, List<String> tags) {
        VariableRules.name(name);
        VariableRules.value(name, value);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value);
        if (tags != null) {
            body.put("tags", tags);
        }
        if (get(name).isPresent()) {
            api.patch(path(name), body);
        } else {
            body.put("name", name);
            try {
                api.post("/variables/", body);
            } catch (ApiCallException e) {
                if (e.status() != 409) {
                    throw e;
                }
                // Created by someone else a moment ago: set its value.
                body.remove("name");
                api.patch(path(name), body);
            }
        }
        return get(name).orElseThrow();
    }

    @Override
    public List<VariableRecord> list() {
        List<VariableRecord> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = api.post("/variables/filter", Map.of("limit", PAGE, "offset", offset, "sort", "NAME_ASC"));
            page.forEach(n -> all.add(read(n)));
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    @Override
    public boolean delete(String name) {
        return api.found("DELETE", path(name), null);
    }

    private static String path(String name) {
        return "/variables/name/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static VariableRecord read(JsonNode n) {
        List<String> tags = new ArrayList<>();
        n.path("tags").forEach(t -> tags.add(t.asText()));
        return new VariableRecord(ApiCodec.uuid(n, "id"), n.path("name").asText(),
                n.path("value").asText(), tags, ApiCodec.time(n, "created"), ApiCodec.time(n, "updated"));
    }
}
