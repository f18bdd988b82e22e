package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.scripting.ScriptError;
import dev.orion.host.scripting.ScriptHost;
import dev.orion.host.scripting.ScriptModule;
import dev.orion.host.testing.TemporaryOrion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion test FILE...}: runs the tests of JavaScript and Python test files (JavaScript's
 * {@code testing.test(name, fn)}, Python's top-level {@code def test_...()}), each flow they run
 * on a temporary store of its own; prints each test's outcome and exits 1 naming the tests that
 * failed. A folder stands for the test files under it, named as {@code node --test} and pytest
 * find them ({@code *.test.js}, {@code *.test.mjs}, {@code test_*.py}, {@code *_test.py}).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run the tests of JavaScript or Python test files (testing.test(...) / def test_...()), "
                + "their flows on temporary stores; exit 1 when a test fails.")
final class TestCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "a .js, .mjs or .py test file, or a folder of them (*.test.js, *.test.mjs, test_*.py, *_test.py)")
    List<Path> paths;

    @Option(names = {"-k", "--match"}, paramLabel = "TEXT", description = "Run only the tests whose name contains TEXT.")
    String match;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    TestCommand(CliContext context) {
        this.context = context;
    }

    /** One test's outcome. */
    private record Outcome(Path file, String test, boolean passed, double seconds, String error, String at) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("test", test);
            m.put("passed", passed);
            m.put("seconds", Math.round(seconds * 1000) / 1000.0);
            m.put("error", error);
            m.put("at", at);
            return m;
        }
    }

    @Override
    public Integer call() {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            files.addAll(Files.isDirectory(path) ? testFilesUnder(path) : List.of(path));
        }
        for (Path file : files) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!Files.isRegularFile(file)) {
                throw new OrionException("test file " + file + " does not exist; give the path of a .js, .mjs or .py file");
            }
            if (!name.endsWith(".js") && !name.endsWith(".mjs") && !name.endsWith(".py")) {
                throw new OrionException(file + " is not a JavaScript or Python file; orion test runs .js, .mjs and "
                        + ".py test files");
            }
        }
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        try (ScriptHost scripts = ScriptHost.create().withTrials(TemporaryOrion.trials())) {
            for (Path file : files) {
                ScriptModule module = scripts.load(file);
                List<String> tests = module.tests().stream().filter(t -> match == null || t.contains(match)).toList();
                if (module.tests().isEmpty()) {
                    throw new OrionException(file + " defines no tests; declare them with testing.test(\"name\", () "
                            + "=> { ... }) in JavaScript or def test_name(): in Python");
                }
                if (!json) {
                    context.out().println(file);
                }
                for (String test : tests) {
                    Outcome o = run(module, file, test);
                    outcomes.add(o);
                    if (!json) {
                        print(o);
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Outcome> failed = outcomes.stream().filter(o -> !o.passed()).toList();
        if (json) {
            context.printJson(outcomes.stream().map(Outcome::toJson).toList());
        } else {
            context.out().printf("%n%d %s, %d passed, %d failed (%.1f s)%n", outcomes.size(),
                    outcomes.size() == 1 ? "test" : "tests", outcomes.size() - failed.size(), failed.size(), seconds);
        }
        if (outcomes.isEmpty()) {
            throw new OrionException("no test name contains '" + match + "'; run without --match to see them all");
        }
        if (!failed.isEmpty()) {
            context.err().println("orion: " + (failed.size() == 1 ? "1 test failed: " : failed.size() + " tests failed: ")
                    + String.join(", ", failed.stream().map(o -> o.file() + " > " + o.test()).toList()));
            return 1;
        }
        return 0;
    }

    private static List<Path> testFilesUnder(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> found = all.filter(Files::isRegularFile).filter(p -> outsidePackagesAndHidden(dir.relativize(p)))
                    .filter(p -> isTestFile(p.getFileName().toString())).sorted().toList();
            if (found.isEmpty()) {
                throw new OrionException("no test files in " + dir + ": name them *.test.js, *.test.mjs, test_*.py or "
                        + "*_test.py");
            }
            return found;
        } catch (IOException e) {
            throw new OrionException("cannot read the folder " + dir + ": " + e.getMessage());
        }
    }

    private static boolean outsidePackagesAndHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("node_modules") || part.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTestFile(String name) {
        return name.endsWith(".test.js") || name.endsWith(".test.mjs")
                || name.endsWith(".py") && (name.startsWith("test_") || name.endsWith("_test.py"));
    }

    private static Outcome run(ScriptModule module, Path file, String test) {
        long start = System.nanoTime();
        try {
            module.runTest(test);
            return new Outcome(file, test, true, (System.nanoTime() - start) / 1e9, null, null);
        } catch (ScriptError e) {
            StackTraceElement frame = Arrays.stream(e.getStackTrace())
                    .filter(f -> file.toString().equals(f.getFileName())).findFirst()
                    .orElse(e.getStackTrace().length == 0 ? null : e.getStackTrace()[0]);
            String at = frame == null ? null : frame.getFileName() + ":" + frame.getLineNumber();
            return new Outcome(file, test, false, (System.nanoTime() - start) / 1e9, explain(e.getMessage(), frame),
                    at);
        } catch (RuntimeException e) {
            return new Outcome(file, test, false, (System.nanoTime() - start) / 1e9,
                    e instanceof OrionException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage(),
                    null);
        }
    }

    /** A bare Python {@code AssertionError} says nothing: show the assert statement, as pytest does. */
    private static String explain(String message, StackTraceElement frame) {
        String m = message == null ? "error" : message.strip();
        if (!m.equals("AssertionError") || frame == null || frame.getFileName() == null) {
            return m;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(frame.getFileName()));
            int i = frame.getLineNumber() - 1;
            return i >= 0 && i < lines.size() ? m + ": " + lines.get(i).strip() : m;
        } catch (IOException | RuntimeException e) {
            return m;
        }
    }

    private void print(Outcome o) {
        context.out().printf("  %-4s %s (%.1f s)%n", o.passed() ? "ok" : "FAIL", o.test(), o.seconds());
        if (!o.passed()) {
            o.error().lines().forEach(line -> context.out().println("         " + line));
            if (o.at() != null) {
                context.out().println("         at " + o.at());
            }
        }
    }
}
