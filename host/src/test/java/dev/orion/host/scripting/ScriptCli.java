package dev.orion.host.scripting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.cli.FlowRunCommand;
import dev.orion.host.cli.RunCommand;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.util.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Test helpers: the CLI's run and flow-run commands as a user runs them, and the store they wrote. */
final class ScriptCli {

    static final Path SCRIPTS = Path.of(System.getProperty("user.dir")).resolveSibling("scripts");

    private ScriptCli() {
    }

    record Result(int exit, String out, String err) {
        JsonNode json() {
            return Json.read(out, JsonNode.class);
        }
    }

    static OrionSettings settings(Path home, String url) {
        return OrionSettings.fromMap(Map.of("ORION_HOME", home.toString(), "ORION_DATABASE_URL", url));
    }

    static Orion orion(Path home, String url) {
        return Orion.local(settings(home, url));
    }

    static Result run(Path home, String url, String... args) {
        return execute(new RunCommand(() -> settings(home, url)), args);
    }

    static Result flowRun(Path home, String url, String... args) {
        return execute(new FlowRunCommand(() -> settings(home, url)), args);
    }

    private static Result execute(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static List<RunRow> flowRuns(String url) {
        try (Database db = Database.open(url)) {
            return new RunStore(db).listFlowRuns(100, null, null);
        }
    }

    /** The most task runs whose [start, end] intervals contain one instant. */
    static int maxOverlap(List<RunRow> runs) {
        List<Instant[]> intervals = new ArrayList<>();
        runs.forEach(r -> intervals.add(new Instant[] {r.startTime(), r.endTime()}));
        int best = 0;
        for (Instant[] a : intervals) {
            int n = 0;
            for (Instant[] b : intervals) {
                if (!b[0].isAfter(a[0]) && b[1].isAfter(a[0])) {
                    n++;
                }
            }
            best = Math.max(best, n);
        }
        return best;
    }
}
