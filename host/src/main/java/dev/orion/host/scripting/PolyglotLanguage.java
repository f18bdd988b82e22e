package dev.orion.host.scripting;

import dev.orion.api.OrionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * JavaScript ({@code .js}, {@code .mjs}, evaluated as ES modules) or Python ({@code .py}) on
 * GraalVM Polyglot, all contexts on the {@link ScriptHost}'s one shared engine. Each context
 * first evaluates Orion's API for the language ({@code orion.js}, or the {@code orion} module
 * for Python), then the user's script. Thread-safe.
 */
final class PolyglotLanguage implements ScriptLanguage {

    private final String id;
    private final String name;
    private final Set<String> extensions;
    private final String prelude;
    private final String testingPrelude;
    private final List<PolyglotModule> modules = new ArrayList<>();
    private Path wrappers;

    private PolyglotLanguage(String id, String name, Set<String> extensions, String prelude, String testingPrelude) {
        this.id = id;
        this.name = name;
        this.extensions = extensions;
        this.prelude = prelude;
        this.testingPrelude = testingPrelude;
    }

    static PolyglotLanguage javascript() {
        return new PolyglotLanguage("js", "JavaScript", Set.of("js", "mjs"), resource("orion.js"),
                resource("testing.js"));
    }

    static PolyglotLanguage python() {
        return new PolyglotLanguage("python", "Python", Set.of("py"), resource("orion.py"),
                resource("orion_testing.py"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> extensions() {
        return extensions;
    }

    /** GraalPy lets threads share a context under its global lock; GraalJS does not. */
    boolean sharesContext() {
        return id.equals("python");
    }

    @Override
    public ScriptModule load(Path file, ScriptHost host) {
        PolyglotModule module = new PolyglotModule(this, host, file);
        synchronized (modules) {
            modules.add(module);
        }
        module.load();
        return module;
    }

    /** A new context that has evaluated the module's script; the first one defines its tasks and flows. */
    GuestContext newContext(PolyglotModule module) {
        Context.Builder b = Context.newBuilder(id)
                .engine(module.host().polyglotEngine())
                .allowHostAccess(HostAccess.ALL)
                .allowHostClassLookup(c -> true)
                .allowIO(IOAccess.ALL)
                .allowCreateThread(true)
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
                .allowExperimentalOptions(true)
                .out(new ScriptOutput(false))
                .err(new ScriptOutput(true));
        if (id.equals("js")) {
            // require() and imports of npm packages resolve from the flow's folder, as in Node.
            b.option("js.esm-eval-returns-exports", "true").option("js.commonjs-require", "true")
                    .option("js.commonjs-require-cwd", module.file().toAbsolutePath().getParent().toString());
        } else {
            b.option("python.NoSiteFlag", "true").option("python.WarnExperimentalFeatures", "false");
        }
        Context context = b.build();
        GuestContext guest = new GuestContext(module, context, id.equals("js"));
        try {
            GuestBridge bridge = new GuestBridge(module, guest);
            Value exports = id.equals("js") ? evaluateJs(context, bridge, guest, module)
                    : evaluatePython(context, bridge, guest, module);
            if (exports != null && exports.hasMember("default")) {
                Value def = exports.getMember("default");
                if (def.hasMember(GuestValues.FLOW)) {
                    module.markDefault(def.getMember("flowName").asString());
                }
            }
            return guest;
        } catch (PolyglotException e) {
            context.close(true);
            throw GuestErrors.loadError(e, module.file());
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    private Value evaluateJs(Context context, GuestBridge bridge, GuestContext guest, PolyglotModule module) {
        Path file = module.file();
        context.eval(Source.newBuilder("js", prelude, "<orion>.js").buildLiteral()).execute(bridge);
        if (module.host().trials().isPresent()) {
            context.eval(Source.newBuilder("js", testingPrelude, "<orion-testing>.js").buildLiteral()).execute(bridge);
        }
        guest.helpers(context.eval("js", "JSON.parse"), null);
        String text = module.javascriptSource(() -> NpmImports.rewrite(NpmImports.read(file), file, context, wrappers()));
        return context.eval(source("js", file, text));
    }

    private Value evaluatePython(Context context, GuestBridge bridge, GuestContext guest, PolyglotModule module) {
        Path file = module.file();
        Value setup = context.eval(Source.newBuilder("python", """
                import sys, types, json
                def __orion_setup(src, bridge, folders):
                    m = types.ModuleType('orion')
                    exec(compile(src, '<orion>', 'exec'), m.__dict__)
                    sys.modules['orion'] = m
                    m._install(bridge)
                    sys.path[0:0] = [f for f in folders.split('\\0') if f and f not in sys.path]
                    return m
                __orion_setup
                """, "<orion-setup>").buildLiteral());
        String folders = String.join("\0", PythonPackages.path(file, PythonPackages.setting()).stream()
                .map(Path::toString).toList());
        Value orion = setup.execute(prelude, bridge, folders);
        PrefectModules.install(context);
        guest.helpers(context.eval("python", "json.loads"), orion.getMember("_invoke"));
        Value globals = context.getBindings("python");
        globals.putMember("__name__", "__orion_script__");
        globals.putMember("__file__", file.toString());
        boolean testing = module.host().trials().isPresent();
        if (testing) {
            installPythonTesting(context, bridge);
        }
        context.eval(source("python", file, null));
        if (testing) {
            defineTests(globals, bridge);
        }
        return null;
    }

    /** Adds the {@code orion.testing} module (see {@code orion_testing.py}) for a test file. */
    private void installPythonTesting(Context context, GuestBridge bridge) {
        context.eval(Source.newBuilder("python", """
                def __orion_testing(src, bridge):
                    import sys, types
                    m = types.ModuleType('orion.testing')
                    exec(compile(src, '<orion.testing>', 'exec'), m.__dict__)
                    sys.modules['orion.testing'] = m
                    sys.modules['orion'].testing = m
                    m._install(bridge)
                __orion_testing
                """, "<orion-testing-setup>").buildLiteral()).execute(testingPrelude, bridge);
    }

    /** The script's own top-level {@code test_...} functions, in definition order, as pytest collects them. */
    private static void defineTests(Value globals, GuestBridge bridge) {
        for (String key : globals.getMemberKeys()) {
            Value fn = globals.getMember(key);
            if (key.startsWith("test") && fn.canExecute() && fn.hasMember("__module__")
                    && fn.getMember("__module__").isString()
                    && "__orion_script__".equals(fn.getMember("__module__").asString())) {
                bridge.defineTest(key, fn);
            }
        }
    }

    /** The script as a source; JavaScript, with the text given, as an ES module. */
    private static Source source(String id, Path file, String javascript) {
        try {
            Source.Builder b = Source.newBuilder(id, file.toFile());
            if (javascript != null) {
                b.content(javascript).mimeType("application/javascript+module");
            }
            return b.build();
        } catch (IOException e) {
            throw new OrionException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PolyglotLanguage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A private folder for the ES modules that wrap npm packages (see {@link NpmImports}), made on first use. */
    private synchronized Path wrappers() {
        if (wrappers == null) {
            try {
                wrappers = Files.createTempDirectory("orion-npm");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return wrappers;
    }

    @Override
    public void close() {
        List<PolyglotModule> all;
        synchronized (modules) {
            all = List.copyOf(modules);
            modules.clear();
        }
        all.forEach(PolyglotModule::close);
        Path folder;
        synchronized (this) {
            folder = wrappers;
            wrappers = null;
        }
        if (folder != null) {
            try (var files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder left behind is harmless
            }
        }
    }
}
