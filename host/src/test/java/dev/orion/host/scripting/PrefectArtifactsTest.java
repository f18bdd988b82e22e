package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Prefect flow file's {@code prefect.artifacts} calls, run by {@code orion run}, are Orion artifacts. */
class PrefectArtifactsTest {

    static final String FLOW = """
            import json
            from prefect import flow, task
            from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

            @task
            def summary():
                return str(create_markdown_artifact("# Stock\\nLow on **bolts**", key="stock-summary",
                                                    description="the week"))

            @flow
            def publish():
                md = summary()
                table = create_table_artifact([{"name": "Ada", "orders": float("nan")}], key="top-customers")
                link = create_link_artifact("https://example.com/r", link_text="full report")
                try:
                    create_table_artifact("not a table")
                    refused = None
                except TypeError as e:
                    refused = str(e)
                return json.dumps([md, str(table), str(link), refused])

            @flow
            async def publish_async():
                return str(await create_markdown_artifact("async", key="async-report"))
            """;

    @TempDir
    Path dir;

    @Test
    void prefectsCreateArtifactFunctionsStoreOrionArtifactsWithTheirRuns() throws Exception {
        String url = TestDatabase.SQLITE.url(dir);
        Path file = Files.writeString(dir.resolve("artifacts_flow.py"), FLOW);

        var run = ScriptCli.run(dir, url, file + ":publish", "--json");
        var async = ScriptCli.run(dir, url, file + ":publish_async", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(async.exit()).as(async.err()).isZero();
        JsonNode ids = new ObjectMapper().readTree(run.json().get("result").asText());
        try (Database db = Database.open(url)) {
            ArtifactStore store = new ArtifactStore(db);
            ArtifactRecord md = store.byId(UUID.fromString(ids.get(0).asText())).orElseThrow();
            ArtifactRecord table = store.byId(UUID.fromString(ids.get(1).asText())).orElseThrow();
            ArtifactRecord link = store.byId(UUID.fromString(ids.get(2).asText())).orElseThrow();

            assertThat(md.key()).isEqualTo("stock-summary");
            assertThat(md.data()).isEqualTo("# Stock\nLow on **bolts**");
            assertThat(md.description()).isEqualTo("the week");
            assertThat(md.taskRunId()).as("created in a task").isNotNull();
            assertThat(table.type()).isEqualTo("table");
            assertThat(table.data()).as("Prefect's JSON text, NaN as null").isEqualTo("[{\"name\": \"Ada\", \"orders\": null}]");
            assertThat(table.taskRunId()).isNull();
            assertThat(table.flowRunId()).isEqualTo(md.flowRunId());
            assertThat(link.data()).isEqualTo("[full report](https://example.com/r)");
            assertThat(ids.get(3).asText()).contains("requires a `table` argument");
            ArtifactRecord awaited = store.byId(UUID.fromString(async.json().get("result").asText())).orElseThrow();
            assertThat(awaited.key()).isEqualTo("async-report");
        }
    }
}
