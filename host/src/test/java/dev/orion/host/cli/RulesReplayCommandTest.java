package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesReplayCommandTest {

    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    static final Task<String> fetch = Task.of("fetch", (String key) -> {
        if (FAILED_ONCE.add(key)) {
            throw new IllegalStateException("flaky network");
        }
        return key;
    }).withRetries(2, Duration.ZERO);
    static final Flow<String> download = Flow.of("download", (String key) -> fetch.call(key) + fetch.call(key + "!"));

    @TempDir
    Path home;

    private Map<String, String> env;

    @BeforeEach
    void recordTwoFlowRunsWithRetriedTasks() {
        env = Map.of("ORION_HOME", home.toString());
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            orion.run(download, Map.of("key", home + "-a"));
            orion.run(download, Map.of("key", home + "-b"));
        }
    }

    @Test
    void reportsTheRetryDecisionsThatACandidateWithoutRetriesWouldChange() throws Exception {
        Path candidate = Files.writeString(home.resolve("candidate.json"), "{\"disabled\": [\"RetryFailedTasks\"]}");

        CliResult result = orion(env, "rules", "replay", "--policy", candidate.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("Replayed \\d+ decisions of 6 runs under .*candidate.json: 4 would differ")
                .containsPattern("RetryFailedTasks +4")
                .contains("4 × task run RUNNING → FAILED")
                .contains("    recorded:  REJECT SCHEDULED/AwaitingRetry by RetryFailedTasks")
                .contains("    candidate: ACCEPT FAILED/Failed")
                .contains("task run fetch");
    }

    @Test
    void jsonAndTheSameQuietPolicyReportNothingDiffering() throws Exception {
        Path same = Files.writeString(home.resolve("same.json"), "{}");

        CliResult result = orion(env, "rules", "replay", "--policy", same.toString(), "--since", "1h", "--json");

        JsonNode json = Json.MAPPER.readTree(result.out());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(json.get("differing").asInt()).isZero();
        assertThat(json.get("runs").asInt()).isEqualTo(6);
        assertThat(json.get("unmatched").asInt()).isZero();
    }

    @Test
    void aMissingCandidateIsOneClearLine() {
        CliResult result = orion(env, "rules", "replay", "--policy", home.resolve("nope.json").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("orion: candidate policy ").contains("does not exist");
    }
}
