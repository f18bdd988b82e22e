package dev.orion.host.scripting;

import dev.orion.host.OrionSettings;
import dev.orion.host.cli.RunCommand;
import dev.orion.host.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScratchTest {
    @TempDir Path dir;

    void run(String... args) {
        String url = TestDatabase.SQLITE.url(dir);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new RunCommand(() -> OrionSettings.fromMap(Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", url))));
        cl.setOut(new PrintWriter(out, true)); cl.setErr(new PrintWriter(err, true));
        long t0 = System.nanoTime();
        int exit = cl.execute(args);
        System.out.println("=== " + String.join(" ", args) + " exit " + exit + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms\nOUT: " + out + "\nERR: " + err);
    }

    @Test
    void experiment() {
        Path scripts = Path.of(System.getProperty("user.dir")).resolveSibling("scripts");
        for (String s : System.getProperty("scratch", "hello.js").split(",")) {
            run(scripts.resolve(s).toString(), "--json", "--param", "n=5");
        }
    }
}
