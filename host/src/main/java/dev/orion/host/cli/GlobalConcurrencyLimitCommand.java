package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.host.client.ApiCallException;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.server.ApiJson;
import dev.orion.host.server.api.GlobalConcurrencyLimitsApi;
import dev.orion.host.store.Database;
import dev.orion.host.store.GlobalLimitRecord;
import dev.orion.host.store.GlobalLimitStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion global-concurrency-limit create | ls | inspect | update | rm}: limits by name that
 * flows take with {@code Concurrency.occupy} and {@code rateLimit}, of the server at
 * {@code ORION_API_URL} when it is set, else of the local store (directly: no port is opened).
 */
@Command(name = "global-concurrency-limit", mixinStandardHelpOptions = true,
        description = "Limits by name that flows take with Concurrency.occupy / rateLimit (the server's with ORION_API_URL).")
final class GlobalConcurrencyLimitCommand extends ParentCommand {

    private final CliContext context;

    GlobalConcurrencyLimitCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a limit.")
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--limit", required = true, paramLabel = "N", description = "Slots at once (0 or more).") int limit,
               @Option(names = "--slot-decay-per-second", paramLabel = "X",
                       description = "Slots freed per second: makes it a rate limit (default 0).") double decay,
               @Option(names = "--inactive", description = "Create it inactive (it limits nothing until activated).")
               boolean inactive,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("limit", limit);
        body.put("slot_decay_per_second", decay);
        body.put("active", !inactive);
        JsonNode created = with(limits -> limits.create(body));
        print(created, json, "Global concurrency limit '" + name + "' created with " + limit + " slot(s).");
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the limits.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        JsonNode all = with(Limits::list);
        if (json) {
            context.printJson(all);
        } else if (all.isEmpty()) {
            context.out().println("No global concurrency limits. Create one with "
                    + "'orion global-concurrency-limit create NAME --limit N'.");
        } else {
            Table table = new Table("NAME", "LIMIT", "ACTIVE", "ACTIVE SLOTS", "DECAY/S");
            all.forEach(l -> table.row(l.get("name").asText(), l.get("limit").asInt(), l.get("active").asBoolean(),
                    l.get("active_slots").asInt(), l.get("slot_decay_per_second").asDouble()));
            table.print(context.out());
        }
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a limit.")
    int inspect(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        JsonNode l = with(limits -> limits.find(name));
        if (json) {
            context.printJson(l);
        } else {
            new Table("NAME", "LIMIT", "ACTIVE", "ACTIVE SLOTS", "DENIED SLOTS", "DECAY/S", "AVG OCCUPANCY S")
                    .row(l.get("name").asText(), l.get("limit").asInt(), l.get("active").asBoolean(),
                            l.get("active_slots").asInt(), l.get("denied_slots").asInt(),
                            l.get("slot_decay_per_second").asDouble(), l.get("avg_slot_occupancy_seconds").asDouble())
                    .print(context.out());
        }
        return 0;
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a limit.")
    int update(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--limit", paramLabel = "N") Integer limit,
               @Option(names = "--slot-decay-per-second", paramLabel = "X") Double decay,
               @Option(names = "--active", negatable = true, description = "Activate (--active) or deactivate (--no-active).")
               Boolean active,
               @Option(names = "--active-slots", paramLabel = "N",
                       description = "Set the slots taken (0 frees those a dead process held).") Integer activeSlots,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (limit != null) {
            body.put("limit", limit);
        }
        if (decay != null) {
            body.put("slot_decay_per_second", decay);
        }
        if (active != null) {
            body.put("active", active);
        }
        if (activeSlots != null) {
            body.put("active_slots", activeSlots);
        }
        if (body.isEmpty()) {
            throw new OrionException("nothing to change: give --limit, --slot-decay-per-second, --active/--no-active "
                    + "or --active-slots");
        }
        JsonNode updated = with(limits -> {
            limits.find(name);
            limits.update(name, body);
            return limits.find(name);
        });
        print(updated, json, "Global concurrency limit '" + name + "' updated.");
        return 0;
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a limit.")
    int rm(@Parameters(paramLabel = "NAME") String name) {
        with(limits -> {
            limits.find(name);
            limits.delete(name);
            return null;
        });
        context.out().println("Removed global concurrency limit '" + name + "'.");
        return 0;
    }

    private void print(JsonNode limit, boolean json, String line) {
        if (json) {
            context.printJson(limit);
        } else {
            context.out().println(line);
        }
    }

    private <T> T with(Function<Limits, T> work) {
        var settings = context.settings();
        if (settings.apiUrl().isPresent()) {
            return work.apply(new RemoteLimits(new ApiTransport(settings.apiUrl().get(), settings.apiKey())));
        }
        try (Database db = context.openDatabase()) {
            return work.apply(new LocalLimits(new GlobalLimitStore(db)));
        }
    }

    /** The operations this command needs, on a server or on the local store (no port opened). */
    private interface Limits {
        JsonNode create(Map<String, Object> body);

        JsonNode list();

        /** The limit, or a one-line error naming {@code ls}. */
        JsonNode find(String name);

        void update(String name, Map<String, Object> body);

        void delete(String name);
    }

    private record RemoteLimits(ApiTransport api) implements Limits {
        @Override
        public JsonNode create(Map<String, Object> body) {
            try {
                return api.post("/v2/concurrency_limits/", body);
            } catch (ApiCallException e) {
                if (e.status() == 409) {
                    throw exists(String.valueOf(body.get("name")));
                }
                throw e;
            }
        }

        @Override
        public JsonNode list() {
            return api.post("/v2/concurrency_limits/filter", Map.of());
        }

        @Override
        public JsonNode find(String name) {
            try {
                return api.get("/v2/concurrency_limits/" + encode(name));
            } catch (ApiCallException e) {
                if (e.status() == 404) {
                    throw unknown(name);
                }
                throw e;
            }
        }

        @Override
        public void update(String name, Map<String, Object> body) {
            api.patch("/v2/concurrency_limits/" + encode(name), body);
        }

        @Override
        public void delete(String name) {
            api.delete("/v2/concurrency_limits/" + encode(name));
        }
    }

    private record LocalLimits(GlobalLimitStore store) implements Limits {
        @Override
        public JsonNode create(Map<String, Object> body) {
            String name = (String) body.get("name");
            int limit = (Integer) body.get("limit");
            double decay = (Double) body.get("slot_decay_per_second");
            if (limit < 0 || decay < 0) {
                throw new OrionException("--limit and --slot-decay-per-second must be 0 or more");
            }
            return json(store.create(name, limit, (Boolean) body.get("active"), 0, 0, decay)
                    .orElseThrow(() -> exists(name)));
        }

        @Override
        public JsonNode list() {
            return ApiJson.MAPPER.valueToTree(store.list(0, Integer.MAX_VALUE).stream()
                    .map(GlobalConcurrencyLimitsApi.LimitJson::of).toList());
        }

        @Override
        public JsonNode find(String name) {
            return json(store.find(name).orElseThrow(() -> unknown(name)));
        }

        @Override
        public void update(String name, Map<String, Object> body) {
            Integer limit = (Integer) body.get("limit");
            Integer slots = (Integer) body.get("active_slots");
            if ((limit != null && limit < 0) || (slots != null && slots < 0)) {
                throw new OrionException("--limit and --active-slots must be 0 or more");
            }
            store.update(name, null, limit, (Boolean) body.get("active"), slots == null ? null : slots.doubleValue(),
                    null, (Double) body.get("slot_decay_per_second"));
        }

        @Override
        public void delete(String name) {
            store.delete(name);
        }

        private static JsonNode json(GlobalLimitRecord limit) {
            return ApiJson.MAPPER.valueToTree(GlobalConcurrencyLimitsApi.LimitJson.of(limit));
        }
    }

    private static OrionException exists(String name) {
        return new OrionException("a global concurrency limit named '" + name + "' exists; change it with "
                + "'orion global-concurrency-limit update " + name + "'");
    }

    private static OrionException unknown(String name) {
        return new OrionException("no global concurrency limit named '" + name
                + "'; see 'orion global-concurrency-limit ls'");
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
