package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.ApiCallException;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The concurrency limits {@code orion concurrency-limit} manages: those of the server at
 * {@code ORION_API_URL} when it is set (so a limit set there applies to that server's runs), else
 * those of the local store, read and written directly. Close it after the command.
 */
interface ConcurrencyLimits extends AutoCloseable {

    ConcurrencyLimit upsert(String tag, int limit);

    List<ConcurrencyLimit> list();

    Optional<ConcurrencyLimit> find(String tag);

    /** Whether there was a limit to delete. */
    boolean delete(String tag);

    @Override
    void close();

    static ConcurrencyLimits open(OrionSettings settings, CliContext context) {
        if (settings.apiUrl().isPresent()) {
            return new Remote(new ApiTransport(settings.apiUrl().get(), settings.apiKey(), Duration.ofSeconds(30)));
        }
        Database db = context.openDatabase();
        ConcurrencyLimitStore store = new ConcurrencyLimitStore(db);
        return new ConcurrencyLimits() {
            @Override
            public ConcurrencyLimit upsert(String tag, int limit) {
                return store.upsert(tag, limit);
            }

            @Override
            public List<ConcurrencyLimit> list() {
                return store.list();
            }

            @Override
            public Optional<ConcurrencyLimit> find(String tag) {
                return store.find(tag);
            }

            @Override
            public boolean delete(String tag) {
                return store.delete(tag);
            }

            @Override
            public void close() {
                db.close();
            }
        };
    }

    /** The server's limits, through {@code /api/concurrency_limits}. */
    record Remote(ApiTransport api) implements ConcurrencyLimits {

        @Override
        public ConcurrencyLimit upsert(String tag, int limit) {
            return limit(api.post("/concurrency_limits/", Map.of("tag", tag, "concurrency_limit", limit)));
        }

        @Override
        public List<ConcurrencyLimit> list() {
            List<ConcurrencyLimit> out = new ArrayList<>();
            api.post("/concurrency_limits/filter", Map.of("limit", 200)).forEach(n -> out.add(limit(n)));
            return out;
        }

        @Override
        public Optional<ConcurrencyLimit> find(String tag) {
            try {
                return Optional.of(limit(api.get("/concurrency_limits/tag/" + encode(tag))));
            } catch (ApiCallException e) {
                if (e.status() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        @Override
        public boolean delete(String tag) {
            try {
                api.delete("/concurrency_limits/tag/" + encode(tag));
                return true;
            } catch (ApiCallException e) {
                if (e.status() == 404) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        public void close() {
        }

        private static String encode(String tag) {
            return URLEncoder.encode(tag, StandardCharsets.UTF_8).replace("+", "%20");
        }

        private static ConcurrencyLimit limit(JsonNode n) {
            List<UUID> slots = new ArrayList<>();
            n.path("active_slots").forEach(s -> slots.add(UUID.fromString(s.asText())));
            return new ConcurrencyLimit(n.path("tag").asText(), n.path("concurrency_limit").asInt(), slots);
        }
    }
}
