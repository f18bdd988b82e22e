package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefect's {@code secret} block documents: encrypted at rest, read by name, their secret fields
 * masked unless {@code include_secrets=true} is asked with the full key; a read-only key never
 * gets a value.
 */
class SecretBlocksApiTest {

    static final String VALUE = "pg-p4ssw0rd-abcdef";

    @TempDir
    Path dir;

    @Test
    void aSecretDocumentIsMaskedUnlessAskedWithTheFullKeyAndItsValueIsNotInTheDatabaseFile() throws Exception {
        Database db = TestDatabase.SQLITE.open(dir);
        Map<String, String> env = Map.of("ORION_HOME", dir.toString(), "ORION_API_KEY", "full-key",
                "ORION_API_READ_KEY", "read-key");
        OrionServer server = new OrionServer(ServerContext.create(OrionSettings.fromMap(env), db, CorePolicies::policySet))
                .start("127.0.0.1", 0);
        try {
            ApiClient full = new ApiClient("http://127.0.0.1:" + server.port() + "/api", "full-key");
            ApiClient read = new ApiClient("http://127.0.0.1:" + server.port() + "/api", "read-key");
            String typeId = full.get("/block_types/slug/secret").body().get("id").asText();
            JsonNode schemas = full.post("/block_schemas/filter",
                    "{\"block_schemas\": {\"block_type_id\": {\"any_\": [\"" + typeId + "\"]}}}").body();
            String schemaId = schemas.get(0).get("id").asText();
            assertThat(schemas.get(0).get("fields").get("secret_fields").get(0).asText()).isEqualTo("value");

            var created = full.post("/block_documents/", "{\"name\": \"db-password\", \"block_type_id\": \"" + typeId
                    + "\", \"block_schema_id\": \"" + schemaId + "\", \"data\": {\"value\": \"" + VALUE + "\"}}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().get("data").get("value").asText()).isEqualTo("********");
            String id = created.body().get("id").asText();

            String byName = "/block_types/slug/secret/block_documents/name/db-password";
            assertThat(full.get(byName).body().get("data").get("value").asText()).isEqualTo("********");
            assertThat(full.get(byName + "?include_secrets=true").body().get("data").get("value").asText()).isEqualTo(VALUE);
            assertThat(full.get("/block_documents/" + id + "?include_secrets=true").body().get("data").get("value").asText())
                    .isEqualTo(VALUE);

            var readAnswers = Stream.of(read.get(byName), read.get("/block_documents/" + id),
                    read.post("/block_documents/filter", "{\"block_types\": {\"slug\": {\"any_\": [\"secret\"]}}}"),
                    read.get(byName + "?include_secrets=true"),
                    read.post("/block_documents/filter", "{\"include_secrets\": true}")).toList();
            assertThat(readAnswers).extracting(ApiClient.Answer::status).containsExactly(200, 200, 200, 403, 403);
            assertThat(readAnswers).allSatisfy(a -> assertThat(String.valueOf(a.body())).doesNotContain(VALUE));
            assertThat(readAnswers.get(2).body()).extracting(n -> n.get("name").asText()).containsExactly("db-password");

            assertThat(full.send("PATCH", "/block_documents/" + id, "{\"data\": {\"value\": \"rotated-value-1\"}}").status())
                    .isEqualTo(204);
            assertThat(full.get(byName + "?include_secrets=true").body().get("data").get("value").asText())
                    .isEqualTo("rotated-value-1");
            assertThat(read.send("PATCH", "/block_documents/" + id, "{\"data\": {}}").status()).isEqualTo(403);
            db.writer().flush();
            assertThat(databaseBytes()).doesNotContain(VALUE).doesNotContain("rotated-value-1");

            assertThat(full.send("DELETE", "/block_documents/" + id, null).status()).isEqualTo(204);
            assertThat(full.get(byName).status()).isEqualTo(404);
        } finally {
            server.close();
            db.close();
        }
    }

    private String databaseBytes() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("orion-")).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(all).isNotEmpty();
        return all.toString();
    }
}
