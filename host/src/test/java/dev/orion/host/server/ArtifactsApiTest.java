package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /api/artifacts/} answers as Prefect 2.14's server does. */
class ArtifactsApiTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anArtifactIsCreatedAndReadByIdAndAsItsKeysLatest(TestDatabase database) {
        try (TestServer server = TestServer.start(database, dir)) {
            ApiClient api = server.client;

            var first = api.post("/artifacts/", "{\"key\": \"sales\", \"type\": \"markdown\", \"data\": \"# Q1\", "
                    + "\"description\": \"first\", \"metadata_\": {\"owner\": \"ada\"}}");
            var second = api.post("/artifacts/", "{\"key\": \"sales\", \"type\": \"table\", \"data\": \"[[1, 2]]\"}");
            var keyless = api.post("/artifacts/", "{\"type\": \"markdown\", \"data\": \"no key\"}");

            assertThat(first.status()).isEqualTo(201);
            JsonNode a = first.body();
            assertThat(a.get("key").asText()).isEqualTo("sales");
            assertThat(a.get("data").asText()).isEqualTo("# Q1");
            assertThat(a.get("metadata_").get("owner").asText()).isEqualTo("ada");
            assertThat(a.has("created")).isTrue();
            assertThat(a.get("flow_run_id").isNull()).isTrue();
            assertThat(keyless.status()).isEqualTo(201);
            assertThat(keyless.body().get("key").isNull()).isTrue();
            String id = a.get("id").asText();
            assertThat(api.get("/artifacts/" + id).body().get("description").asText()).isEqualTo("first");
            assertThat(api.get("/artifacts/sales/latest").body().get("id").asText())
                    .isEqualTo(second.body().get("id").asText());
            assertThat(api.get("/artifacts/nope/latest").status()).isEqualTo(404);
            assertThat(api.get("/artifacts/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
            assertThat(api.get("/artifacts/not-a-uuid").status()).isEqualTo(422);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void keysFollowPrefectsRulesAndUnknownFieldsAreRefused(TestDatabase database) {
        try (TestServer server = TestServer.start(database, dir)) {
            ApiClient api = server.client;

            var upper = api.post("/artifacts/", "{\"key\": \"Sales\", \"data\": \"x\"}");
            assertThat(upper.status()).isEqualTo(422);
            assertThat(upper.detail()).contains("Artifact key must only contain lowercase letters, numbers, and dashes");
            assertThat(api.post("/artifacts/", "{\"key\": \"my_key\", \"data\": \"x\"}").status()).isEqualTo(422);
            assertThat(api.post("/artifacts/", "{\"key\": \"k\", \"colour\": 1}").status()).isEqualTo(422);
            assertThat(api.post("/artifacts/filter", "{\"sort\": \"NAME_ASC\"}").status()).isEqualTo(422);
            assertThat(api.post("/artifacts/filter", "{\"artifacts\": {\"size\": {\"any_\": [1]}}}").status()).isEqualTo(422);
            var long500 = api.post("/artifacts/", "{\"key\": \"k-1\", \"metadata_\": {\"m\": \"" + "x".repeat(600) + "\"}}");
            assertThat(long500.body().get("metadata_").get("m").asText()).isEqualTo("x".repeat(500) + "...");
            assertThat(api.post("/artifacts/count", "{}").body().asLong()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void filtersCountsPatchAndDeleteKeepEachKeysLatest(TestDatabase database) {
        try (TestServer server = TestServer.start(database, dir)) {
            ApiClient api = server.client;
            String a1 = api.post("/artifacts/", "{\"key\": \"alpha\", \"type\": \"markdown\", \"data\": \"a1\"}").body().get("id").asText();
            String a2 = api.post("/artifacts/", "{\"key\": \"alpha\", \"type\": \"markdown\", \"data\": \"a2\"}").body().get("id").asText();
            api.post("/artifacts/", "{\"key\": \"beta\", \"type\": \"table\", \"data\": \"[]\"}");
            api.post("/artifacts/", "{\"type\": \"markdown\", \"data\": \"loose\"}");

            JsonNode alphas = api.post("/artifacts/filter", "{\"artifacts\": {\"key\": {\"any_\": [\"alpha\"]}}, "
                    + "\"sort\": \"CREATED_DESC\"}").body();
            assertThat(alphas).extracting(n -> n.get("data").asText()).containsExactly("a2", "a1");
            assertThat(api.post("/artifacts/count", "{\"artifacts\": {\"key\": {\"exists_\": false}}}").body().asLong())
                    .isEqualTo(1);
            assertThat(api.post("/artifacts/count", "{\"artifacts\": {\"type\": {\"any_\": [\"markdown\"]}}}").body().asLong())
                    .isEqualTo(3);
            JsonNode latest = api.post("/artifacts/latest/filter", "{\"sort\": \"KEY_ASC\"}").body();
            assertThat(latest).extracting(n -> n.get("key").asText()).containsExactly("alpha", "beta");
            assertThat(latest.get(0).get("latest_id").asText()).isEqualTo(a2);
            assertThat(latest.get(0).get("data").asText()).isEqualTo("a2");
            assertThat(api.post("/artifacts/latest/count", "{\"artifacts\": {\"type\": {\"any_\": [\"table\"]}}}")
                    .body().asLong()).isEqualTo(1);

            assertThat(api.send("PATCH", "/artifacts/" + a2, "{\"description\": \"revised\", \"data\": \"a2'\"}").status())
                    .isEqualTo(204);
            assertThat(api.get("/artifacts/alpha/latest").body().get("data").asText()).isEqualTo("a2'");
            assertThat(api.send("PATCH", "/artifacts/" + a2, "{\"key\": \"other\"}").status()).as("the key is not updatable")
                    .isEqualTo(422);
            assertThat(api.send("PATCH", "/artifacts/00000000-0000-0000-0000-000000000000", "{}").status()).isEqualTo(404);

            assertThat(api.send("DELETE", "/artifacts/" + a2, null).status()).isEqualTo(204);
            assertThat(api.get("/artifacts/alpha/latest").body().get("id").asText()).isEqualTo(a1);
            assertThat(api.send("DELETE", "/artifacts/" + a2, null).status()).isEqualTo(404);
            assertThat(api.send("DELETE", "/artifacts/" + a1, null).status()).isEqualTo(204);
            assertThat(api.get("/artifacts/alpha/latest").status()).isEqualTo(404);
            assertThat(api.post("/artifacts/latest/count", "{}").body().asLong()).isEqualTo(1);
        }
    }

    @Test
    void aReadOnlyKeyReadsArtifactsButCannotWriteThem() {
        try (TestServer server = TestServer.start(TestDatabase.SQLITE, dir, "full-key", "read-key")) {
            ApiClient full = server.client;
            ApiClient read = new ApiClient(server.url(), "read-key");
            String id = full.post("/artifacts/", "{\"key\": \"report\", \"data\": \"hi\"}").body().get("id").asText();

            assertThat(read.get("/artifacts/" + id).status()).isEqualTo(200);
            assertThat(read.get("/artifacts/report/latest").status()).isEqualTo(200);
            assertThat(read.post("/artifacts/filter", "{}").body()).hasSize(1);
            assertThat(read.post("/artifacts/latest/count", "{}").body().asLong()).isEqualTo(1);
            assertThat(read.post("/artifacts/", "{\"key\": \"report\", \"data\": \"x\"}").status()).isEqualTo(403);
            assertThat(read.send("PATCH", "/artifacts/" + id, "{\"data\": \"x\"}").status()).isEqualTo(403);
            assertThat(read.send("DELETE", "/artifacts/" + id, null).status()).isEqualTo(403);
            assertThat(full.get("/artifacts/" + id).body().get("data").asText()).isEqualTo("hi");
        }
    }
}
