package dev.orion.host.scripting;

import dev.orion.api.OrionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptException;

/**
 * Any {@code javax.script} (JSR-223) engine, for the file extensions its factory names. The
 * script is compiled once ({@link Compilable}, where the engine offers it) and evaluated with an
 * {@code orion} binding ({@link Jsr223Api}) through which it defines tasks and flows. Thread-safe.
 */
final class Jsr223Language implements ScriptLanguage {

    private final String name;
    private final Set<String> extensions;
    private final Supplier<ScriptEngine> engines;
    private final boolean threadSafe;

    /** The engine of a factory on the host's class path. */
    Jsr223Language(ScriptEngineFactory factory) {
        this(factory.getLanguageName(), factory.getExtensions().stream().map(e -> e.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet()), factory::getScriptEngine, factory.getParameter("THREADING") != null);
    }

    /** The engine a plugin's {@link dev.orion.api.scripting.ScriptLanguage} makes, in the plugin's class loader. */
    Jsr223Language(dev.orion.api.scripting.ScriptLanguage plugin) {
        this(plugin.name(), plugin.extensions().stream().map(e -> e.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet()), plugin::newEngine, plugin.threadSafe());
    }

    private Jsr223Language(String name, Set<String> extensions, Supplier<ScriptEngine> engines, boolean threadSafe) {
        this.name = name;
        this.extensions = Set.copyOf(extensions);
        this.engines = engines;
        this.threadSafe = threadSafe;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> extensions() {
        return extensions;
    }

    @Override
    public ScriptModule load(Path file, ScriptHost host) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new OrionException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ScriptEngine engine = engines.get();
        Jsr223Api api = new Jsr223Api(file, host, threadSafe);
        ScriptContext context = engine.getContext();
        context.setAttribute(ScriptEngine.FILENAME, file.toString(), ScriptContext.ENGINE_SCOPE);
        context.setAttribute("orion", api, ScriptContext.ENGINE_SCOPE);
        context.setWriter(new PrintWriter(new ScriptOutput(false), true));
        context.setErrorWriter(new PrintWriter(new ScriptOutput(true), true));
        // An engine from a plugin resolves its runtime through the thread's loader in places: give it its own.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(engine.getClass().getClassLoader());
        try {
            if (engine instanceof Compilable c) {
                CompiledScript compiled = c.compile(text);
                compiled.eval(context);
            } else {
                engine.eval(text, context);
            }
        } catch (ScriptException e) {
            throw loadError(e, file);
        } catch (RuntimeException e) {
            throw new ScriptLoadException(file + ": " + e, false, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return api.module();
    }

    private static ScriptLoadException loadError(ScriptException e, Path file) {
        String where = file.toString();
        if (e.getLineNumber() >= 0) {
            where += ":" + e.getLineNumber() + (e.getColumnNumber() >= 0 ? ":" + e.getColumnNumber() : "");
        }
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : e.getMessage();
        return new ScriptLoadException(where + ": " + message.strip(), true, e);
    }

    @Override
    public void close() {
        // JSR-223 engines hold nothing that needs closing.
    }
}
