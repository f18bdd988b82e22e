package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.variables.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Script flows read variables with {@code variables.get(name, default)}, in flows and in tasks. */
class ScriptVariablesTest {

    @TempDir
    Path dir;

    @Test
    void javaScriptAndPythonFlowsReadTheStoresVariablesOrTheirDefaults() throws Exception {
        String url = TestDatabase.SQLITE.url(dir);
        try (Database db = Database.open(url)) {
            Variables.of(db).set("region", "eu-west-1", null);
        }
        Path js = Files.writeString(dir.resolve("vars.js"), """
                const where = task("where", () => variables.get("region", "nowhere"));
                export default flow("vars-js", () => where() + "|" + variables.get("missing", "dflt") + "|" + variables.get("missing"));
                """);
        Path py = Files.writeString(dir.resolve("vars.py"), """
                from orion import flow, task, variables

                @task
                def where():
                    return variables.get("region", default="nowhere")

                @flow(name="vars-py")
                def main():
                    return where() + "|" + variables.get("missing", "dflt") + "|" + str(variables.get("missing"))
                """);

        var jsRun = ScriptCli.run(dir, url, js.toString(), "--json");
        var pyRun = ScriptCli.run(dir, url, py.toString(), "--json");

        assertThat(jsRun.exit()).as(jsRun.err()).isZero();
        assertThat(jsRun.json().get("result").asText()).isEqualTo("eu-west-1|dflt|null");
        assertThat(pyRun.exit()).as(pyRun.err()).isZero();
        assertThat(pyRun.json().get("result").asText()).isEqualTo("eu-west-1|dflt|None");
    }
}
