package dev.orion.host.cli;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.host.plugins.Contribution;
import dev.orion.host.plugins.PluginFlows;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.scripting.ScriptFlow;
import dev.orion.host.scripting.ScriptHost;
import dev.orion.host.services.FlowResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads flows from their source files the way {@code orion run} does: a {@code .java} file is
 * compiled in memory, a script runs in its language (a plugin's too). A deployment's entrypoint is
 * {@code /abs/path/File.java:flowName}, or {@code flow:NAME} for a flow a plugin ships. Each
 * file is loaded once per instance. Thread-safe.
 */
final class FlowSources implements FlowResolver, AutoCloseable {

    /** A loaded flow, its class loader, and the parameters with their defaults filled in. */
    record Loaded(Flow<?> flow, ClassLoader loader, Map<String, Object> parameters) {
    }

    /** The entrypoint of a flow a plugin ships. */
    static final String PLUGIN_FLOW = "flow:";

    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();
    private final PluginRegistry plugins;
    private ScriptHost scripts;
    private PluginFlows pluginFlows;

    /** Sources with the built-in languages only and no plugin flows. */
    FlowSources() {
        this(PluginRegistry.none());
    }

    /** Sources with the languages and flows of {@code plugins} too (which the caller closes). */
    FlowSources(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /** Loads the flow of {@code file} ({@code flowName} picks one when it declares several; may be null). */
    synchronized Loaded load(Path file, String flowName, Map<String, Object> given) {
        if (!Files.isRegularFile(file)) {
            throw new OrionException("no such file: " + file);
        }
        scripts().requireRunnable(file);
        if (scripts().runs(file)) {
            var module = scripts.load(file);
            ScriptFlow f = flowName == null && module.flows().size() == 1 ? module.flows().getFirst()
                    : module.flow(flowName);
            return new Loaded(f.flow(), Thread.currentThread().getContextClassLoader(), f.complete(given));
        }
        try {
            RunSourceCompiler.Compiled compiled = RunSourceCompiler.compile(file);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(compiled.loader());
            try {
                return new Loaded(RunFlowFinder.find(compiled, file, flowName), compiled.loader(),
                        new java.util.LinkedHashMap<>(given));
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        } catch (RunSourceCompiler.CompileException e) {
            throw new OrionException(file + " does not compile:\n" + String.join("\n", e.diagnostics()), e);
        }
    }

    private ScriptHost scripts() {
        if (scripts == null) {
            scripts = ScriptHost.create(plugins.extensions(dev.orion.api.scripting.ScriptLanguage.class).stream()
                    .map(Contribution::extension).toList());
        }
        return scripts;
    }

    @Override
    public Resolved resolve(String entrypoint, String flowName) {
        if (entrypoint.startsWith(PLUGIN_FLOW)) {
            return pluginFlow(entrypoint.substring(PLUGIN_FLOW.length()));
        }
        return cache.computeIfAbsent(entrypoint, e -> {
            int colon = e.lastIndexOf(':');
            Path file = Path.of(colon > 0 ? e.substring(0, colon) : e);
            String name = colon > 0 ? e.substring(colon + 1) : flowName;
            Loaded l = load(file, name, Map.of());
            return new Resolved(l.flow(), l.loader());
        });
    }

    private synchronized Resolved pluginFlow(String name) {
        if (pluginFlows == null) {
            pluginFlows = PluginFlows.of(plugins);
        }
        PluginFlows.PluginFlow found = pluginFlows.find(name).orElseThrow(() -> new OrionException(
                "no plugin here ships the flow '" + name + "'" + (pluginFlows.names().isEmpty()
                        ? "; drop the plugin's jar into ORION_PLUGINS_DIR (or pass --plugins DIR)"
                        : "; the plugins ship " + pluginFlows.names())));
        return new Resolved(found.flow(), found.loader());
    }

    @Override
    public synchronized void close() {
        if (scripts != null) {
            scripts.close();
        }
    }
}
