package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.secrets.SecretCipher;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Script flows read secrets with {@code secret(name)}; their logs and results show them masked. */
class ScriptSecretsTest {

    static final String VALUE = "tok-9f8e7d6c5b4a";

    @TempDir
    Path dir;

    @Test
    void javaScriptAndPythonFlowsReadASecretAndTheirResultsAndLogsMaskIt() throws Exception {
        String url = TestDatabase.SQLITE.url(dir);
        try (Database db = Database.open(url)) {
            Secrets.of(db, SecretCipher.load(dir, Optional.empty())).set("api-token", VALUE);
        }
        Path js = Files.writeString(dir.resolve("token.js"), """
                const call = task("call", () => { const t = secret("api-token"); log("calling with " + t); return t.length; });
                export default flow("token-js", () => call() + ":" + secret("api-token"));
                """);
        Path py = Files.writeString(dir.resolve("token.py"), """
                from orion import flow, task, secret, get_run_logger

                @task
                def call():
                    token = secret("api-token")
                    get_run_logger().info("calling with " + token)
                    return len(token)

                @flow(name="token-py")
                def main():
                    return str(call()) + ":" + secret("api-token")
                """);

        var jsRun = ScriptCli.run(dir, url, js.toString(), "--json");
        var pyRun = ScriptCli.run(dir, url, py.toString(), "--json");

        assertThat(jsRun.exit()).as(jsRun.err()).isZero();
        assertThat(jsRun.json().get("result").asText()).isEqualTo(VALUE.length() + ":********");
        assertThat(pyRun.exit()).as(pyRun.err()).isZero();
        assertThat(pyRun.json().get("result").asText()).isEqualTo(VALUE.length() + ":********");
        for (var run : List.of(jsRun, pyRun)) {
            var logs = ScriptCli.flowRun(dir, url, "logs", run.json().get("flow_run_id").asText());
            assertThat(logs.out()).contains("calling with ********").doesNotContain(VALUE);
        }
    }
}
