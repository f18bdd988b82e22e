package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PolicyReplayApiTest {

    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    static final Task<String> upload = Task.of("upload", (String key) -> {
        if (FAILED_ONCE.add(key)) {
            throw new IllegalStateException("flaky upload");
        }
        return key;
    }).withRetries(1, Duration.ZERO);
    static final Flow<String> publish = Flow.of("publish", (String key) -> upload.call(key));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void replaysTheRecordedHistoryUnderTheCandidateInTheRequest(TestDatabase kind) {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", dir.toString(),
                "ORION_DATABASE_URL", kind.url(dir)));
        try (Orion orion = Orion.local(settings)) {
            orion.run(publish, Map.of("key", dir + "-1"));
            orion.run(publish, Map.of("key", dir + "-2"));
        }
        try (Database db = Database.open(settings.databaseUrl());
             OrionServer server = new OrionServer(ServerContext.create(settings, db, CorePolicies::policySet))
                     .start("127.0.0.1", 0)) {
            ApiClient client = new ApiClient("http://127.0.0.1:" + server.port() + "/api", null);

            var replay = client.post("/policy/replay", "{\"policy\": {\"disabled\": [\"RetryFailedTasks\"]}}");
            var same = client.post("/policy/replay", "{\"policy\": {}, \"since\": \"2000-01-01T00:00:00Z\"}");
            var noPolicy = client.post("/policy/replay", "{}");
            var badSince = client.post("/policy/replay", "{\"policy\": {}, \"since\": \"last week\"}");

            assertThat(replay.status()).isEqualTo(200);
            JsonNode report = replay.body().get("report");
            assertThat(report.get("differing").asInt()).isEqualTo(2);
            assertThat(report.get("by_rule").get("RetryFailedTasks").asInt()).isEqualTo(2);
            assertThat(report.get("kinds").get(0).get("candidate").asText()).isEqualTo("ACCEPT FAILED/Failed");
            assertThat(report.get("kinds").get(0).get("examples")).hasSize(2);
            assertThat(same.body().get("report").get("differing").asInt()).isZero();
            assertThat(noPolicy.status()).isEqualTo(422);
            assertThat(noPolicy.body().toString()).contains("the body needs \\\"policy\\\"");
            assertThat(badSince.status()).isEqualTo(422);
        }
    }
}
