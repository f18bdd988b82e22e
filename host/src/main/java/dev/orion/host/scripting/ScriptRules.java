package dev.orion.host.scripting;

import dev.orion.api.OrionException;
import dev.orion.host.orchestration.RuleEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The rules defined by the {@code .js} and {@code .py} files of a folder
 * ({@code ORION_RULES_DIR}, default {@code $ORION_HOME/rules}). A file defines a rule by
 * calling {@code rule({...})} with its name, the states it covers, its position and its hooks:
 *
 * <pre>{@code
 * rule({
 *   name: "NoWeekendRuns", from: ["SCHEDULED"], to: ["PENDING"], position: {after: "PreventDuplicateTransitions"},
 *   before(ctx) { if (ctx.dayOfWeek("UTC") > 5) ctx.delay(3600, "no runs at the weekend"); }
 * });
 * }</pre>
 *
 * The folder is looked at whenever the policy is (at most every few milliseconds): a new,
 * changed or deleted file changes the policy for the next transition. A file that does not
 * load (a syntax error, a bad field) is reported in one line naming it and why and listed by
 * {@link #failures()}; if an earlier version of it loaded, that last good version keeps deciding
 * (a half-saved edit never weakens the policy), else the file has no rules. Each file runs in a
 * polyglot context of its own on one shared engine. Thread-safe; close it to release the contexts.
 */
public final class ScriptRules implements PolicySource.DynamicRules, AutoCloseable {

    private record Loaded(FileTime modified, long size, List<ScriptRule> rules, String error) {
    }

    private final Path dir;
    private final Path only;
    private final Consumer<String> report;
    private final Map<Path, Loaded> files = new LinkedHashMap<>();
    private long version;
    private static final long RETIRED_GRACE_NANOS = 10_000_000_000L;
    private final List<Retired> retired = new ArrayList<>();
    private Engine engine;
    private boolean closed;

    /**
     * @param dir    the rules folder; it may not exist (no rules) and may appear later
     * @param report where the one-line report of a file that failed to load goes
     */
    public ScriptRules(Path dir, Consumer<String> report) {
        this(dir, null, report);
    }

    private ScriptRules(Path dir, Path only, Consumer<String> report) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.only = only;
        this.report = Objects.requireNonNull(report, "report");
    }

    /** The rules of one script file (for {@code orion rules test}), failures reported to {@code report}. */
    public static ScriptRules file(Path file, Consumer<String> report) {
        Path absolute = file.toAbsolutePath().normalize();
        return new ScriptRules(absolute.getParent(), absolute, report);
    }

    /** Rules of {@code dir}, failures reported on standard error. */
    public static ScriptRules in(Path dir) {
        return new ScriptRules(dir, System.err::println);
    }

    @Override
    public synchronized long version() {
        scan();
        return version;
    }

    @Override
    public synchronized List<RuleEntry> rules() {
        scan();
        List<RuleEntry> out = new ArrayList<>();
        files.forEach((file, loaded) -> loaded.rules().forEach(r -> out.add(new RuleEntry(r, file.toString()))));
        return out;
    }

    /** The files that did not load, with why (a file whose last good version still decides included). */
    public synchronized Map<Path, String> failures() {
        scan();
        Map<Path, String> out = new LinkedHashMap<>();
        files.forEach((file, loaded) -> {
            if (loaded.error() != null) {
                out.put(file, loaded.error());
            }
        });
        return out;
    }

    /**
     * A replaced or removed file's rules are closed only after a grace period: a policy composed a
     * moment ago may still hold them, and a closed rule would silently decide nothing.
     */
    private void retire(List<ScriptRule> rules) {
        long at = System.nanoTime();
        rules.forEach(r -> retired.add(new Retired(r, at)));
    }

    private void closeRetired(boolean all) {
        long now = System.nanoTime();
        retired.removeIf(r -> {
            if (all || now - r.at() > RETIRED_GRACE_NANOS) {
                r.rule().close();
                return true;
            }
            return false;
        });
    }

    private record Retired(ScriptRule rule, long at) {
    }

    private void scan() {
        if (closed) {
            return;
        }
        closeRetired(false);
        Map<Path, FileTime> present = new HashMap<>();
        Map<Path, Long> sizes = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path p : list.filter(f -> isRuleScript(f) && (only == null || f.equals(only))).sorted().toList()) {
                    try {
                        present.put(p, Files.getLastModifiedTime(p));
                        sizes.put(p, Files.size(p));
                    } catch (IOException e) {
                        // deleted between listing and reading: treated as gone
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
        boolean changed = false;
        for (var it = files.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.containsKey(e.getKey())) {
                retire(e.getValue().rules());
                it.remove();
                changed = true;
            }
        }
        for (Path p : present.keySet().stream().sorted().toList()) {
            Loaded had = files.get(p);
            if (had != null && had.modified().equals(present.get(p)) && had.size() == sizes.get(p)) {
                continue;
            }
            Loaded now = load(p, present.get(p), sizes.get(p));
            if (now.error() != null && had != null && !had.rules().isEmpty()) {
                // Keep deciding with the last version that loaded; the error stays listed until the file is fixed.
                report.accept("orion: rule script " + p.getFileName() + " failed: " + now.error()
                        + "; its last good version keeps deciding");
                files.put(p, new Loaded(now.modified(), now.size(), had.rules(), now.error()));
                continue;
            }
            if (now.error() != null) {
                report.accept("orion: rule script " + p.getFileName() + " failed: " + now.error());
            }
            if (had != null) {
                retire(had.rules());
            }
            files.put(p, now);
            changed = true;
        }
        if (changed) {
            version++;
        }
    }

    private Loaded load(Path file, FileTime modified, long size) {
        String lang = language(file);
        // Only ScriptRuleContext's exported methods (and lists, as arrays) are reachable: no Java
        // classes, no reflection, no files or processes.
        Context context = Context.newBuilder(lang).engine(engine())
                .allowHostAccess(HostAccess.newBuilder(HostAccess.EXPLICIT).allowListAccess(true).build())
                .allowHostClassLookup(name -> false).allowCreateProcess(false).allowNativeAccess(false).build();
        List<Value> defined = new ArrayList<>();
        try {
            context.getBindings(lang).putMember("rule", (ProxyExecutable) args -> {
                if (args.length != 1) {
                    throw new IllegalArgumentException("rule(...) takes one object with the rule's fields");
                }
                defined.add(args[0]);
                return null;
            });
            context.eval(Source.newBuilder(lang, file.toFile()).build());
            if (defined.isEmpty()) {
                throw new IllegalArgumentException("defines no rule; call rule({name: ..., before(ctx) {...}})");
            }
            List<ScriptRule> rules = new ArrayList<>();
            for (Value spec : defined) {
                rules.add(new ScriptRule(file, context, spec, timeLimit()));
            }
            return new Loaded(modified, size, List.copyOf(rules), null);
        } catch (PolyglotException e) {
            return failed(file, modified, size, context, (e.getSourceLocation() != null
                    ? file.getFileName() + ":" + e.getSourceLocation().getStartLine() : file.getFileName().toString()) + ": "
                    + (e.isSyntaxError() ? "syntax error: " : "") + firstLine(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            return failed(file, modified, size, context, file.getFileName() + ": " + firstLine(e.getMessage()));
        }
    }

    private Loaded failed(Path file, FileTime modified, long size, Context context, String why) {
        context.close(true);
        return new Loaded(modified, size, List.of(), why);
    }

    private Engine engine() {
        if (engine == null) {
            engine = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build();
        }
        return engine;
    }

    /** How long one call of a rule's hook may run: {@code ORION_RULES_TIME_LIMIT} seconds, default 2. */
    static Duration timeLimit() {
        String v = System.getProperty("ORION_RULES_TIME_LIMIT", System.getenv("ORION_RULES_TIME_LIMIT"));
        try {
            double seconds = v == null || v.isBlank() ? 2 : Double.parseDouble(v.trim());
            return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            throw new OrionException("ORION_RULES_TIME_LIMIT must be a number of seconds, got '" + v + "'");
        }
    }

    private static boolean isRuleScript(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".js") || name.endsWith(".mjs") || name.endsWith(".py"));
    }

    private static String language(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".py") ? "python" : "js";
    }

    /** The first line of a message: polyglot syntax errors go on with an excerpt of the source. */
    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    @Override
    public synchronized Map<String, String> failed() {
        scan();
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((file, loaded) -> {
            if (loaded.error() != null) {
                out.put(file.toString(), loaded.error()
                        + (loaded.rules().isEmpty() ? "" : " (its last good version keeps deciding)"));
            }
        });
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        files.values().forEach(l -> l.rules().forEach(ScriptRule::close));
        files.clear();
        closeRetired(true);
        if (engine != null) {
            engine.close(true);
            engine = null;
        }
    }
}
