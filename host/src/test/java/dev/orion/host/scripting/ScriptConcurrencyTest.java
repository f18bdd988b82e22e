package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.store.Database;
import dev.orion.host.store.GlobalLimitStore;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Script flows take global concurrency limits ({@code concurrency}) and rate limits ({@code rateLimit} / {@code rate_limit}). */
class ScriptConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void javaScriptAndPythonFlowsHoldConcurrencySlotsAndWaitForRateLimits() throws Exception {
        String url = TestDatabase.SQLITE.url(dir);
        try (Database db = Database.open(url)) {
            GlobalLimitStore limits = new GlobalLimitStore(db);
            limits.create("db", 1, true, 0, 0, 0);
            limits.create("api", 100, true, 0, 0, 50);
        }
        Path js = Files.writeString(dir.resolve("limited.js"), """
                const work = task("work", (i) => concurrency("db", 1, () => i));
                export default flow("limited-js", () => { rateLimit("api"); return work.map([0, 1, 2, 3, 4, 5]).map(f => f.result()).length; });
                """);
        Path py = Files.writeString(dir.resolve("limited.py"), """
                from orion import flow, concurrency, rate_limit

                @flow(name="limited-py")
                def main():
                    rate_limit("api")
                    with concurrency("db", occupy=1):
                        return "inside"
                """);

        var jsRun = ScriptCli.run(dir, url, js.toString(), "--json");
        var pyRun = ScriptCli.run(dir, url, py.toString(), "--json");

        assertThat(jsRun.exit()).as(jsRun.out() + jsRun.err()).isZero();
        assertThat(jsRun.json().get("result").asInt()).isEqualTo(6);
        assertThat(pyRun.exit()).as(pyRun.out() + pyRun.err()).isZero();
        assertThat(pyRun.json().get("result").asText()).isEqualTo("inside");
        try (Database db = Database.open(url)) {
            assertThat(new GlobalLimitStore(db).find("db").orElseThrow().activeSlots()).isZero();
        }
    }
}
