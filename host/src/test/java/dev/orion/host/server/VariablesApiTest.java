package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /api/variables/} answers as Prefect 2.14's server does. */
class VariablesApiTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aVariableIsCreatedOnceAndReadByIdAndByName(TestDatabase database) {
        try (TestServer server = TestServer.start(database, dir)) {
            ApiClient api = server.client;

            var created = api.post("/variables/", "{\"name\": \"region\", \"value\": \"eu-west-1\", \"tags\": [\"infra\"]}");
            var duplicate = api.post("/variables/", "{\"name\": \"region\", \"value\": \"us-east-1\"}");

            assertThat(created.status()).isEqualTo(201);
            JsonNode v = created.body();
            assertThat(v.get("name").asText()).isEqualTo("region");
            assertThat(v.get("value").asText()).isEqualTo("eu-west-1");
            assertThat(v.get("tags").get(0).asText()).isEqualTo("infra");
            assertThat(v.has("created")).isTrue();
            assertThat(v.has("updated")).isTrue();
            assertThat(duplicate.status()).isEqualTo(409);
            String id = v.get("id").asText();
            assertThat(api.get("/variables/" + id).body().get("value").asText()).isEqualTo("eu-west-1");
            assertThat(api.get("/variables/name/region").body().get("id").asText()).isEqualTo(id);
            assertThat(api.get("/variables/name/nope").status()).isEqualTo(404);
            assertThat(api.get("/variables/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void namesAndValuesFollowPrefectsRules(TestDatabase database) {
        try (TestServer server = TestServer.start(database, dir)) {
            ApiClient api = server.client;

            assertThat(api.post("/variables/", "{\"name\": \"Region\", \"value\": \"x\"}").status()).isEqualTo(422);
            assertThat(api.post("/variables/", "{\"name\": \"my-var\", \"value\": \"x\"}").status()).isEqualTo(422);
            assertThat(api.post("/variables/", "{\"name\": \"" + "a".repeat(256) + "\", \"value\": \"x\"}").status())
                    .isEqualTo(422);
            assertThat(api.post("/variables/", "{\"name\": \"big\", \"value\": \"" + "x".repeat(5001) + "\"}").status())
                    .isEqualTo(422);
            assertThat(api.post("/variables/", "{\"name\": \"extra\", \"value\": \"x\", \"colour\": 1}").status())
                    .isEqualTo(422);
            assertThat(api.post("/variables/", "{\"name\": \"" + "a".repeat(255) + "\", \"value\": \"" + "x".repeat(5000)
                    + "\"}").status()).isEqualTo(201);
            assertThat(api.post("/variables/count", "{}").body().asLong()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void filterCountPatchAndDeleteWorkByIdAndByName(TestDatabase database) {
        try (TestServer server = TestServer.start(database, dir)) {
            ApiClient api = server.client;
            String a = api.post("/variables/", "{\"name\": \"db_host\", \"value\": \"pg1\", \"tags\": [\"db\", \"prod\"]}")
                    .body().get("id").asText();
            api.post("/variables/", "{\"name\": \"db_port\", \"value\": \"5432\", \"tags\": [\"db\"]}");
            api.post("/variables/", "{\"name\": \"region\", \"value\": \"eu\"}");

            JsonNode byName = api.post("/variables/filter",
                    "{\"variables\": {\"name\": {\"like_\": \"db_\"}}, \"sort\": \"NAME_DESC\"}").body();
            JsonNode byTags = api.post("/variables/filter", "{\"variables\": {\"tags\": {\"all_\": [\"db\", \"prod\"]}}}").body();
            long untagged = api.post("/variables/count", "{\"variables\": {\"tags\": {\"is_null_\": true}}}").body().asLong();

            assertThat(byName).extracting(n -> n.get("name").asText()).containsExactly("db_port", "db_host");
            assertThat(byTags).extracting(n -> n.get("name").asText()).containsExactly("db_host");
            assertThat(untagged).isEqualTo(1);
            assertThat(api.post("/variables/filter", "{\"limit\": 1, \"offset\": 1}").body())
                    .extracting(n -> n.get("name").asText()).containsExactly("db_port");
            assertThat(api.post("/variables/filter", "{\"sort\": \"SIDEWAYS\"}").status()).isEqualTo(422);

            assertThat(api.send("PATCH", "/variables/" + a, "{\"value\": \"pg2\"}").status()).isEqualTo(204);
            assertThat(api.send("PATCH", "/variables/name/region", "{\"name\": \"zone\", \"tags\": [\"geo\"]}").status())
                    .isEqualTo(204);
            assertThat(api.send("PATCH", "/variables/name/zone", "{\"name\": \"db_port\"}").status()).isEqualTo(409);
            assertThat(api.send("PATCH", "/variables/name/nope", "{\"value\": \"x\"}").status()).isEqualTo(404);
            assertThat(api.send("PATCH", "/variables/name/zone", "{\"name\": \"Zone\"}").status()).isEqualTo(422);
            assertThat(api.get("/variables/" + a).body().get("value").asText()).isEqualTo("pg2");
            JsonNode zone = api.get("/variables/name/zone").body();
            assertThat(zone.get("value").asText()).isEqualTo("eu");
            assertThat(zone.get("tags").get(0).asText()).isEqualTo("geo");

            assertThat(api.send("DELETE", "/variables/" + a, null).status()).isEqualTo(204);
            assertThat(api.send("DELETE", "/variables/name/zone", null).status()).isEqualTo(204);
            assertThat(api.send("DELETE", "/variables/name/zone", null).status()).isEqualTo(404);
            assertThat(api.post("/variables/count", "{}").body().asLong()).isEqualTo(1);
        }
    }
}
