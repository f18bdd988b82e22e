package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Heavy;
import dev.orion.host.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prefect corpus ({@code prefect-corpus/}: Prefect 2 flow files, each about one part of the
 * API) runs unchanged under {@code orion run FILE:FLOW} and under the real Prefect 2.14 (the
 * directory {@code ORION_PREFECT_PEER} names, made by {@code shared/prefect-peer/setup.sh}), and
 * every flow ends in the same state with the same result. Prefect runs the whole corpus in one
 * Python process. Without a peer the test is skipped with the reason; in CI it fails.
 * {@code -Dorion.prefect.corpus=hooks,retries} runs only those files.
 */
@Heavy
class PrefectCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/prefect-corpus").toAbsolutePath();
    static final Path RUNNER = Path.of("src/test/resources/prefect-peer-runner.py").toAbsolutePath();
    /** The system property naming the corpus files to run (all when unset): handy while developing. */
    static final String ONLY = "orion.prefect.corpus";
    private static final Pattern ENTRY = Pattern.compile("^# entry: (\\w+) (\\{.*\\})\\s*$", Pattern.MULTILINE);

    /** One flow of a corpus file, with the parameters it is run with. */
    record Entry(Path file, String flow, String params) {
        String target() {
            return file + ":" + flow;
        }

        String key() {
            return file.getFileName() + ":" + flow;
        }
    }

    /** How a run ended: state type and name, and the result of a completed run. */
    record Outcome(String type, String name, JsonNode result) {
    }

    @TempDir
    Path dir;

    @Test
    void everyCorpusFlowEndsInTheSameStateWithTheSameResultUnderOrionAndUnderPrefect() throws Exception {
        Path peer = peer();
        List<Entry> entries = selected(entries(), System.getProperty(ONLY, ""));
        if (System.getProperty(ONLY, "").isBlank()) {
            assertThat(entries.stream().map(Entry::file).distinct()).as("corpus files").hasSizeGreaterThanOrEqualTo(15);
        }
        Map<String, Outcome> prefect = underPrefect(peer, entries);

        SoftAssertions soft = new SoftAssertions();
        for (Entry e : entries) {
            Outcome orion = underOrion(e);
            Outcome expected = prefect.get(e.key());
            soft.assertThat(expected).as("Prefect's outcome of %s", e.key()).isNotNull();
            if (expected == null) {
                continue;
            }
            soft.assertThat(orion.type() + "/" + orion.name()).as("final state of %s", e.key())
                    .isEqualTo(expected.type() + "/" + expected.name());
            if ("COMPLETED".equals(expected.type())) {
                soft.assertThat(orion.result()).as("result of %s", e.key()).isEqualTo(expected.result());
            }
        }
        soft.assertAll();
    }

    /**
     * The corpus files named in {@code -Dorion.prefect.corpus=hooks,retries} (with or without
     * {@code .py}), all of them when it is blank; a name that is no corpus file is a mistake.
     */
    static List<Entry> selected(List<Entry> all, String only) {
        if (only.isBlank()) {
            return all;
        }
        List<String> names = Stream.of(only.split(",")).map(String::strip).filter(n -> !n.isEmpty())
                .map(n -> n.endsWith(".py") ? n : n + ".py").toList();
        List<String> known = all.stream().map(e -> e.file().getFileName().toString()).distinct().toList();
        assertThat(known).as("-D%s names corpus files", ONLY).containsAll(names);
        return all.stream().filter(e -> names.contains(e.file().getFileName().toString())).toList();
    }

    static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
                Matcher m = ENTRY.matcher(Files.readString(f));
                while (m.find()) {
                    out.add(new Entry(f, m.group(1), m.group(2)));
                }
            }
        }
        return out;
    }

    /** The peer directory, or a skip (a failure in CI) saying why there is none. */
    static Path peer() {
        String dir = System.getenv("ORION_PREFECT_PEER");
        String reason = dir == null || dir.isBlank() ? "ORION_PREFECT_PEER is not set"
                : !Files.isRegularFile(Path.of(dir, "env.sh")) ? "ORION_PREFECT_PEER=" + dir + " has no env.sh" : null;
        if (reason == null) {
            return Path.of(dir);
        }
        reason += " (make one with ../shared/prefect-peer/setup.sh DIR and export ORION_PREFECT_PEER=DIR)";
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + ": CI must compare with the real Prefect");
        }
        Assumptions.abort(reason + ": skipped on this machine");
        return null;
    }

    private Outcome underOrion(Entry e) {
        Path home = dir.resolve("orion-" + e.file().getFileName() + "-" + e.flow());
        var run = ScriptCli.run(home, TestDatabase.SQLITE.url(home), e.target(), "--params", e.params(), "--json");
        if (run.out().isBlank()) {
            return new Outcome("no outcome (exit " + run.exit() + "): " + run.err().strip(), "", null);
        }
        JsonNode json = run.json();
        if (run.exit() != ("COMPLETED".equals(json.path("state").path("type").asText()) ? 0 : 1)) {
            return new Outcome("exit " + run.exit() + " for " + json.path("state"), "", null);
        }
        return new Outcome(json.path("state").path("type").asText(), json.path("state").path("name").asText(),
                json.path("result"));
    }

    private Map<String, Outcome> underPrefect(Path peer, List<Entry> entries) throws Exception {
        Path home = Files.createDirectories(dir.resolve("prefect-home"));
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source \"$1/env.sh\" && export PREFECT_HOME=\"$2\" && shift 2 && exec python3 \"$@\"", "peer",
                peer.toString(), home.toString(), RUNNER.toString()));
        entries.forEach(e -> command.add(e.target() + "=" + e.params()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(dir.resolve("prefect.err").toFile());
        pb.environment().put("PREFECT_LOGGING_LEVEL", "WARNING");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("Prefect did not finish the corpus in 20 minutes");
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode n = Json.read(line, JsonNode.class);
            outcomes.put(n.path("file").asText() + ":" + n.path("flow").asText(),
                    new Outcome(n.path("type").asText(), n.path("name").asText(), n.path("result")));
        }
        if (outcomes.size() != entries.size()) {
            fail("Prefect ran " + outcomes.size() + " of " + entries.size() + " corpus flows (exit " + p.exitValue()
                    + "): " + Files.readString(dir.resolve("prefect.err")).lines()
                    .reduce((a, b) -> b).orElse(""));
        }
        return outcomes;
    }
}
