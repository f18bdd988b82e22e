package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /api/v2/concurrency_limits/} with Prefect 2.14's semantics. */
class GlobalConcurrencyLimitsApiTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void incrementTakesSlotsAllOrNoneAnd423sWithRetryAfterWhenFull(TestDatabase database) {
        try (TestServer server = TestServer.start(database, dir)) {
            ApiClient api = server.client;
            var created = api.post("/v2/concurrency_limits/", "{\"name\": \"db\", \"limit\": 2}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().get("active").asBoolean()).isTrue();
            assertThat(created.body().get("active_slots").asInt()).isZero();
            assertThat(api.post("/v2/concurrency_limits/", "{\"name\": \"db\", \"limit\": 3}").status()).isEqualTo(409);

            assertThat(api.post("/v2/concurrency_limits/increment", "{\"names\": [\"db\"], \"slots\": 2}").status()).isEqualTo(200);
            var full = raw(server, "{\"names\": [\"db\", \"other\"], \"slots\": 1}");
            assertThat(full.statusCode()).isEqualTo(423);
            assertThat(Double.parseDouble(full.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            assertThat(api.get("/v2/concurrency_limits/db").body().get("denied_slots").asInt()).isEqualTo(1);
            JsonNode other = api.get("/v2/concurrency_limits/other").body();
            assertThat(other.get("active").asBoolean()).as("an unknown name is created inactive").isFalse();

            JsonNode freed = api.post("/v2/concurrency_limits/decrement",
                    "{\"names\": [\"db\"], \"slots\": 1, \"occupancy_seconds\": 0.5}").body();
            assertThat(freed.get(0).get("name").asText()).isEqualTo("db");
            assertThat(api.post("/v2/concurrency_limits/increment", "{\"names\": [\"db\", \"other\"], \"slots\": 1}").status())
                    .isEqualTo(200);
            assertThat(api.get("/v2/concurrency_limits/db").body().get("active_slots").asInt()).isEqualTo(2);
            String id = created.body().get("id").asText();
            assertThat(api.get("/v2/concurrency_limits/" + id).body().get("name").asText()).isEqualTo("db");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void itsRulesAre422sAndLimitsArePatchedFilteredAndDeleted(TestDatabase database) {
        try (TestServer server = TestServer.start(database, dir)) {
            ApiClient api = server.client;
            api.post("/v2/concurrency_limits/", "{\"name\": \"db\", \"limit\": 1}");
            api.post("/v2/concurrency_limits/", "{\"name\": \"api\", \"limit\": 5, \"slot_decay_per_second\": 10}");

            assertThat(api.post("/v2/concurrency_limits/increment", "{\"names\": [\"db\"], \"slots\": 2}").detail())
                    .isEqualTo("Slots requested is greater than the limit");
            assertThat(api.post("/v2/concurrency_limits/increment", "{\"names\": [\"db\"], \"slots\": 1, \"mode\": \"rate_limit\"}")
                    .status()).isEqualTo(422);
            assertThat(api.post("/v2/concurrency_limits/increment", "{\"names\": [\"db\"], \"slots\": 0}").status()).isEqualTo(422);
            assertThat(api.post("/v2/concurrency_limits/increment", "{\"names\": [], \"slots\": 1}").status()).isEqualTo(422);
            assertThat(api.post("/v2/concurrency_limits/", "{\"name\": \"neg\", \"limit\": -1}").status()).isEqualTo(422);
            assertThat(api.post("/v2/concurrency_limits/increment", "{\"names\": [\"api\"], \"slots\": 5, \"mode\": \"rate_limit\"}")
                    .status()).isEqualTo(200);
            var limited = raw(server, "{\"names\": [\"api\"], \"slots\": 5, \"mode\": \"rate_limit\"}");
            assertThat(limited.statusCode()).isEqualTo(423);
            assertThat(Double.parseDouble(limited.headers().firstValue("Retry-After").orElseThrow()))
                    .as("about 5 slots at 10 a second").isPositive().isLessThanOrEqualTo(1.0);

            assertThat(api.send("PATCH", "/v2/concurrency_limits/db", "{\"limit\": 4, \"active\": false}").status()).isEqualTo(204);
            assertThat(api.send("PATCH", "/v2/concurrency_limits/nope", "{\"limit\": 4}").status()).isEqualTo(404);
            JsonNode db = api.get("/v2/concurrency_limits/db").body();
            assertThat(db.get("limit").asInt()).isEqualTo(4);
            assertThat(db.get("active").asBoolean()).isFalse();
            assertThat(api.post("/v2/concurrency_limits/filter", "{}").body()).extracting(n -> n.get("name").asText())
                    .containsExactly("api", "db");
            assertThat(api.send("DELETE", "/v2/concurrency_limits/db", null).status()).isEqualTo(204);
            assertThat(api.send("DELETE", "/v2/concurrency_limits/db", null).status()).isEqualTo(404);
        }
    }

    private static HttpResponse<String> raw(TestServer server, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/v2/concurrency_limits/increment"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
