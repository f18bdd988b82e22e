package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.server.api.FlowBundlesApi;
import dev.orion.host.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/flow_bundles/}: a flow's code stored and served by the hash of its content. */
class FlowBundlesApiTest {

    @TempDir
    Path dir;

    private static final byte[] SOURCE = "public class Etl { }".getBytes(StandardCharsets.UTF_8);

    @Test
    void servesAnUploadedBundleByTheHashOfItsContent() {
        try (TestServer s = TestServer.start(TestDatabase.SQLITE, dir)) {
            ApiClient.Answer up = s.client.post("/flow_bundles/", upload("Etl.java", SOURCE));
            assertThat(up.status()).isEqualTo(201);
            String hash = up.body().path("hash").asText();
            assertThat(hash).isEqualTo(FlowBundlesApi.hash(SOURCE)).startsWith("sha256:");
            assertThat(s.client.post("/flow_bundles/", upload("Etl.java", SOURCE)).status()).as("idempotent").isEqualTo(201);

            ApiClient.Answer got = s.client.get("/flow_bundles/" + hash);
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.body().path("name").asText()).isEqualTo("Etl.java");
            assertThat(Base64.getDecoder().decode(got.body().path("content").asText())).isEqualTo(SOURCE);
        }
    }

    @Test
    void refusesNamesThatAreNotPlainFileNamesAndAnswers404ForAnUnknownHash() {
        try (TestServer s = TestServer.start(TestDatabase.SQLITE, dir)) {
            ApiClient.Answer escape = s.client.post("/flow_bundles/", upload("../Etl.java", SOURCE));
            assertThat(escape.status()).isEqualTo(422);
            assertThat(escape.detail()).contains("file name");
            assertThat(s.client.post("/flow_bundles/", upload("Etl.java", new byte[0])).status()).isEqualTo(422);
            assertThat(s.client.get("/flow_bundles/sha256:" + "0".repeat(64)).status()).isEqualTo(404);
            assertThat(s.client.get("/flow_bundles/..%2F..%2Fetc").status()).isEqualTo(422);
        }
    }

    private static String upload(String name, byte[] content) {
        return "{\"name\":\"" + name + "\",\"content\":\"" + Base64.getEncoder().encodeToString(content) + "\"}";
    }
}
