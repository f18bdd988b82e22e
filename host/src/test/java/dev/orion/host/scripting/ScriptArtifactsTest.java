package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Script flows publish markdown, table and link artifacts, from flows and from tasks, in every language. */
class ScriptArtifactsTest {

    @TempDir
    Path dir;

    @Test
    void javaScriptPythonAndGroovyFlowsPublishArtifactsWithTheirRuns() throws Exception {
        String url = TestDatabase.SQLITE.url(dir);
        Path js = Files.writeString(dir.resolve("report.js"), """
                const report = task("report", () => createMarkdownArtifact("# JS *report*", { key: "js-report", description: "from a task" }));
                export default flow("report-js", () => [
                  report(),
                  createTableArtifact([{ name: "Ada", orders: 12 }, { name: "Grace", orders: 9 }], { key: "js-table" }),
                  createLinkArtifact("https://example.com/js", { linkText: "JS docs" }),
                ].join(","));
                """);
        Path py = Files.writeString(dir.resolve("report.py"), """
                from orion import flow, task, create_markdown_artifact, create_table_artifact, create_link_artifact

                @task
                def report():
                    return create_markdown_artifact("# Py *report*", key="py-report", description="from a task")

                @flow(name="report-py")
                def main():
                    return ",".join([report(), create_table_artifact({"name": ["Ada"], "orders": [12]}, key="py-table"),
                                     create_link_artifact("https://example.com/py")])
                """);
        Path groovy = Files.writeString(dir.resolve("report.groovy"), """
                def report = orion.task('report') { -> orion.markdownArtifact('groovy-report', '# Groovy', 'from a task') }
                orion.flow('report-groovy') { ->
                    [report.call(), orion.tableArtifact('groovy-table', [[1, 2], [3, 4]], null),
                     orion.linkArtifact(null, 'https://example.com/groovy', 'Groovy docs', null)].join(',')
                }
                """);

        var jsRun = ScriptCli.run(dir, url, js.toString(), "--json");
        var pyRun = ScriptCli.run(dir, url, py.toString(), "--json");
        var groovyRun = ScriptCli.run(dir, url, groovy.toString(), "--json");

        assertThat(jsRun.exit()).as(jsRun.err()).isZero();
        assertThat(pyRun.exit()).as(pyRun.err()).isZero();
        assertThat(groovyRun.exit()).as(groovyRun.err()).isZero();
        try (Database db = Database.open(url)) {
            ArtifactStore store = new ArtifactStore(db);
            List<ArtifactRecord> fromJs = artifacts(store, jsRun.json().get("result").asText());
            List<ArtifactRecord> fromPy = artifacts(store, pyRun.json().get("result").asText());
            List<ArtifactRecord> fromGroovy = artifacts(store, groovyRun.json().get("result").asText());

            assertThat(fromJs).extracting(ArtifactRecord::key).containsExactly("js-report", "js-table", null);
            assertThat(fromJs.get(0).taskRunId()).as("created in a task").isNotNull();
            assertThat(fromJs.get(0).description()).isEqualTo("from a task");
            assertThat(fromJs.get(1).data()).isEqualTo("[{\"name\":\"Ada\",\"orders\":12},{\"name\":\"Grace\",\"orders\":9}]");
            assertThat(fromJs.get(1).taskRunId()).isNull();
            assertThat(fromJs.get(2).data()).isEqualTo("[JS docs](https://example.com/js)");

            assertThat(fromPy).extracting(ArtifactRecord::type).containsExactly("markdown", "table", "markdown");
            assertThat(fromPy.get(0).data()).isEqualTo("# Py *report*");
            assertThat(fromPy.get(0).taskRunId()).isNotNull();
            assertThat(fromPy.get(1).data()).isEqualTo("{\"name\":[\"Ada\"],\"orders\":[12]}");
            assertThat(fromPy.get(2).data()).isEqualTo("[https://example.com/py](https://example.com/py)");

            assertThat(fromGroovy).extracting(ArtifactRecord::data)
                    .containsExactly("# Groovy", "[[1,2],[3,4]]", "[Groovy docs](https://example.com/groovy)");
            assertThat(fromGroovy.get(0).taskRunId()).isNotNull();
        }
    }

    private static List<ArtifactRecord> artifacts(ArtifactStore store, String ids) {
        return List.of(ids.split(",")).stream().map(id -> store.byId(UUID.fromString(id)).orElseThrow()).toList();
    }
}
