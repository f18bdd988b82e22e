package dev.orion.host.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Artifacts;
import dev.orion.api.Flow;
import dev.orion.api.Secrets;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.Filter;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArtifactsTest {

    static final Task<UUID> REPORT = Task.of("report", () ->
            Artifacts.markdown("daily-report", "# Sales\nUp **4 %**", "the day's sales"));
    static final Flow<String> PUBLISH = Flow.of("publish", () -> {
        UUID report = REPORT.call();
        UUID first = Artifacts.table("top-customers", List.of(Map.of("name", "Ada", "orders", 12)), null);
        UUID second = Artifacts.table("top-customers", List.of("name", "orders"),
                List.of(List.of("Grace", 9), List.of("Linus", 3)), "by orders");
        UUID link = Artifacts.link(null, "https://example.com/r", "the full report", null);
        return report + "," + first + "," + second + "," + link;
    });
    static final Flow<UUID> LEAKY = Flow.of("leaky", () -> Artifacts.markdown("connection",
            "Connected with `" + Secrets.get("api-token") + "`", "token " + Secrets.get("api-token")));
    static final Flow<UUID> BAD_KEY = Flow.of("bad-key", () -> Artifacts.markdown("Daily_Report", "x", null));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFlowAndItsTaskPublishMarkdownTableAndLinkArtifactsWithTheirRuns(TestDatabase database) {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", database.url(dir));
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            FlowRunOutcome run = orion.run(PUBLISH, Map.of());
            List<UUID> ids = List.of(run.result().toString().split(",")).stream().map(UUID::fromString).toList();
            ArtifactStore store = new ArtifactStore(orion.database());

            ArtifactRecord report = store.byId(ids.get(0)).orElseThrow();
            assertThat(report.type()).isEqualTo("markdown");
            assertThat(report.data()).isEqualTo("# Sales\nUp **4 %**");
            assertThat(report.description()).isEqualTo("the day's sales");
            assertThat(report.flowRunId()).isEqualTo(run.flowRunId());
            assertThat(report.taskRunId()).as("created in a task").isNotNull();

            ArtifactRecord second = store.byId(ids.get(2)).orElseThrow();
            assertThat(second.type()).isEqualTo("table");
            assertThat(second.data()).as("a table is its JSON text, as Prefect's client stores it")
                    .isEqualTo("[{\"name\":\"Grace\",\"orders\":9},{\"name\":\"Linus\",\"orders\":3}]");
            assertThat(second.flowRunId()).isEqualTo(run.flowRunId());
            assertThat(second.taskRunId()).as("created in the flow").isNull();

            ArtifactRecord link = store.byId(ids.get(3)).orElseThrow();
            assertThat(link.key()).isNull();
            assertThat(link.data()).isEqualTo("[the full report](https://example.com/r)");

            dev.orion.host.artifacts.Artifacts artifacts = orion.engine().artifacts();
            assertThat(artifacts.latest("top-customers").orElseThrow().id()).isEqualTo(ids.get(2));
            assertThat(artifacts.versions("top-customers")).extracting(ArtifactRecord::id)
                    .containsExactly(ids.get(2), ids.get(1));
            assertThat(artifacts.latestOfEachKey()).extracting(c -> c.latest().key())
                    .containsExactly("daily-report", "top-customers");

            assertThat(store.delete(ids.get(2))).isTrue();
            assertThat(artifacts.latest("top-customers").orElseThrow().id()).as("the version before is the latest")
                    .isEqualTo(ids.get(1));
            assertThat(store.delete(ids.get(1))).isTrue();
            assertThat(artifacts.latest("top-customers")).as("a key without versions is gone").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aKeyOutsidePrefectsRulesFailsTheRunSayingWhy(TestDatabase database) {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", database.url(dir));
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            FlowRunOutcome run = orion.run(BAD_KEY, Map.of());

            assertThat(run.state().type()).isEqualTo(StateType.FAILED);
            assertThat(run.state().message()).contains("Artifact key must only contain lowercase letters, numbers, and dashes");
            assertThat(new ArtifactStore(orion.database()).count(Filter.ALL)).isZero();
        }
    }

    @Test
    void aSecretTheRunReadIsMaskedInItsArtifacts() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            orion.client().secrets().set("api-token", "tok-8c1f5e2a9b");
            FlowRunOutcome run = orion.run(LEAKY, Map.of());

            ArtifactRecord stored = new ArtifactStore(orion.database()).byId((UUID) run.result()).orElseThrow();
            assertThat(stored.data()).isEqualTo("Connected with `********`");
            assertThat(stored.description()).isEqualTo("token ********");
        }
    }
}
