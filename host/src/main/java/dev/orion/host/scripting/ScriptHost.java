package dev.orion.host.scripting;

import dev.orion.api.OrionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import org.graalvm.polyglot.Engine;

/**
 * Evaluates script files into their flows and tasks: the language-neutral door of the
 * {@code scripting} package. JavaScript and Python run on GraalVM Polyglot with one shared
 * {@link Engine} (made on first use, so a JSR-223 script never pays for it), any other
 * extension on the JSR-223 engine that claims it. Each file is loaded once per host, so a
 * script imported by several others shares its tasks. Languages are built by overridable
 * {@code createXxx} methods. Thread-safe; close it to release every context (and an engine of its own).
 *
 * <pre>{@code
 * try (ScriptHost scripts = ScriptHost.create(); Orion orion = Orion.local()) {
 *     ScriptFlow etl = scripts.load(Path.of("scripts/etl.js")).flow(null);
 *     orion.run(etl.flow(), etl.complete(Map.of("n", "5")));
 * }
 * }</pre>
 */
public class ScriptHost implements AutoCloseable {

    private static final Set<String> POLYGLOT = Set.of("js", "mjs", "py");
    /** Languages that plugins of this repository add, by extension: what a user is told to install. */
    private static final Map<String, String> LANGUAGE_PLUGINS = Map.of("groovy", "lang-groovy",
            "gvy", "lang-groovy");

    /** The engine of every host that keeps {@link #createEngine()}; see {@link #sharedEngine()}. */
    private static Engine shared;

    private final Map<Path, ScriptModule> modules = new LinkedHashMap<>();
    private final List<ScriptLanguage> languages = new ArrayList<>();
    private final List<dev.orion.api.scripting.ScriptLanguage> pluginLanguages;
    private Engine engine;
    private boolean closed;
    private volatile FlowTrials trials;

    protected ScriptHost() {
        this(List.of());
    }

    protected ScriptHost(List<dev.orion.api.scripting.ScriptLanguage> pluginLanguages) {
        this.pluginLanguages = List.copyOf(pluginLanguages);
    }

    /** A host with the built-in languages. */
    public static ScriptHost create() {
        return new ScriptHost();
    }

    /** A host with the built-in languages plus those plugins contribute (which cannot replace JS or Python). */
    public static ScriptHost create(List<dev.orion.api.scripting.ScriptLanguage> pluginLanguages) {
        return new ScriptHost(pluginLanguages);
    }

    /**
     * Lets scripts run flows on temporary stores ({@code testing.runFlow}, Python's
     * {@code orion.testing}): what {@code orion test} does before it loads a test file. Scripts
     * loaded before this call have no {@code testing} API.
     */
    public ScriptHost withTrials(FlowTrials trials) {
        this.trials = Objects.requireNonNull(trials, "trials");
        return this;
    }

    /** The trials script tests run flows in; empty unless {@link #withTrials} was called. */
    Optional<FlowTrials> trials() {
        return Optional.ofNullable(trials);
    }

    /** Whether this host runs {@code file}: {@link #isScript} or an extension of a plugin's language. */
    public boolean runs(Path file) {
        return isScript(file) || pluginLanguage(extension(file)).isPresent();
    }

    /**
     * Checks that a flow file is one Orion can run: a {@code .java} file, or a script this host
     * runs.
     *
     * @throws OrionException naming the extension and the plugin that runs it (or the ones Orion runs)
     */
    public void requireRunnable(Path file) {
        String ext = extension(file);
        if (ext.equals("java") || runs(file)) {
            return;
        }
        String plugin = LANGUAGE_PLUGINS.get(ext);
        if (plugin != null) {
            throw new OrionException("no installed plugin runs ." + ext + " files (" + file + "): install the "
                    + plugin + " plugin (copy plugins/" + plugin + "/target/" + plugin + ".jar into $ORION_HOME/plugins, "
                    + "or pass --plugins DIR) and run again");
        }
        throw new OrionException("no engine or plugin runs " + (ext.isEmpty() ? "files without an extension" : "."
                + ext + " files") + " (" + file + "): a flow is a .java, .js, .mjs or .py file, or .groovy with the "
                + "lang-groovy plugin");
    }

    private Optional<dev.orion.api.scripting.ScriptLanguage> pluginLanguage(String ext) {
        return pluginLanguages.stream().filter(l -> l.extensions().stream().anyMatch(e -> e.equalsIgnoreCase(ext)))
                .findFirst();
    }

    /**
     * Whether {@code file} is a script some language runs (by its extension), without starting
     * any engine: {@code .js}, {@code .mjs}, {@code .py}, or an extension a JSR-223 factory on
     * the class path claims. {@code .java} is never a script.
     */
    public static boolean isScript(Path file) {
        String ext = extension(file);
        if (ext.isEmpty() || ext.equals("java")) {
            return false;
        }
        return POLYGLOT.contains(ext) || jsr223Factory(ext).isPresent();
    }

    /**
     * Loads {@code file} (once; later calls return the same module) and returns what it defines.
     *
     * @throws ScriptLoadException for a syntax error or an error in the script's top level
     * @throws OrionException      when no language runs files with its extension
     */
    public ScriptModule load(Path file) {
        Path key = file.toAbsolutePath().normalize();
        ScriptLanguage language;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("this ScriptHost is closed");
            }
            ScriptModule loaded = modules.get(key);
            if (loaded != null) {
                return loaded;
            }
            if (!Files.isRegularFile(file)) {
                throw new OrionException("no such script: " + file);
            }
            language = language(file);
        }
        ScriptModule module = language.load(file, this);
        synchronized (this) {
            ScriptModule raced = modules.putIfAbsent(key, module);
            return raced != null ? raced : module;
        }
    }

    /** The language that runs files like {@code file}. */
    protected synchronized ScriptLanguage language(Path file) {
        String ext = extension(file);
        for (ScriptLanguage l : languages) {
            if (l.extensions().contains(ext)) {
                return l;
            }
        }
        ScriptLanguage made = switch (ext) {
            case "js", "mjs" -> createJavaScript();
            case "py" -> createPython();
            default -> pluginLanguage(ext).<ScriptLanguage>map(Jsr223Language::new).or(
                    () -> jsr223Factory(ext).map(this::createJsr223)).orElseThrow(() -> new OrionException(
                    "no script language runs ." + ext + " files (" + file + "); Orion runs .js, .mjs, .py and the "
                            + "extensions of JSR-223 engines on the class path"));
        };
        languages.add(made);
        return made;
    }

    protected ScriptLanguage createJavaScript() {
        return PolyglotLanguage.javascript();
    }

    protected ScriptLanguage createPython() {
        return PolyglotLanguage.python();
    }

    protected ScriptLanguage createJsr223(ScriptEngineFactory factory) {
        return new Jsr223Language(factory);
    }

    /**
     * The polyglot engine of this host's contexts: by default the JVM's {@link #sharedEngine()},
     * which outlives the host; override to build one with other options, which {@link #close()}
     * closes with the host.
     */
    protected Engine createEngine() {
        return sharedEngine();
    }

    /**
     * The one engine of the JVM, made on first use and never closed. A context on an engine that
     * has already run the language starts in about half the time of one on a new engine (GraalPy
     * reuses the code it parsed for the earlier contexts), which a process that loads scripts
     * in several hosts (a server reloading flows, a test suite) pays for each host otherwise.
     * Contexts share code only, never state.
     */
    protected static synchronized Engine sharedEngine() {
        if (shared == null) {
            shared = Engine.newBuilder()
                    .allowExperimentalOptions(true) // lets -Dpolyglot.engine.* tuning flags through
                    .option("engine.WarnInterpreterOnly", "false")
                    .option("engine.WarnVirtualThreadSupport", "false") // tasks run on virtual threads
                    .build();
        }
        return shared;
    }

    private static synchronized boolean isShared(Engine e) {
        return e == shared;
    }

    /** The polyglot engine every context of this host runs on, made on first use. */
    synchronized Engine polyglotEngine() {
        if (engine == null) {
            engine = createEngine();
        }
        return engine;
    }

    private static Optional<ScriptEngineFactory> jsr223Factory(String ext) {
        for (ScriptEngineFactory f : new ScriptEngineManager().getEngineFactories()) {
            if (f.getExtensions().stream().anyMatch(e -> e.equalsIgnoreCase(ext))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        List<ScriptLanguage> all;
        Engine e;
        synchronized (this) {
            closed = true;
            all = List.copyOf(languages);
            languages.clear();
            modules.clear();
            e = engine;
            engine = null;
        }
        RuntimeException failure = null;
        for (ScriptLanguage l : all) {
            try {
                l.close();
            } catch (RuntimeException ex) {
                failure = ex;
            }
        }
        if (e != null && !isShared(e)) {
            e.close(true);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
