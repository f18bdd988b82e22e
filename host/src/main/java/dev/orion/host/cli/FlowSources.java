package dev.orion.host.cli;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.Task;
import dev.orion.api.scripting.ScriptLanguage;
import dev.orion.host.plugins.Contribution;
import dev.orion.host.plugins.PluginFlows;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.scripting.ScriptFlow;
import dev.orion.host.scripting.ScriptHost;
import dev.orion.host.services.Entrypoint;
import dev.orion.host.services.FlowResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Loads flows from their source files the way {@code orion run} does: a {@code .java} file is
 * compiled in memory, a script runs in its language (a plugin's too). A deployment's or run's
 * entrypoint ({@link Entrypoint}) is {@code flow:NAME} for a flow a plugin ships, or
 * {@code dir/File.java:flowName} relative to the flows root; one that points outside the root is
 * refused before anything is loaded. Each file is loaded once per instance. Thread-safe.
 */
final class FlowSources implements FlowResolver, AutoCloseable {

    /** A loaded flow, its class loader, and the parameters with their defaults filled in. */
    record Loaded(Flow<?> flow, ClassLoader loader, Map<String, Object> parameters) {
    }

    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();
    /** The file each loaded flow came from, and how to find a task by name in it (for cluster members). */
    private final Map<Flow<?>, Path> origins = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<Path, Function<String, Optional<Task<?>>>> taskFinders =
            new ConcurrentHashMap<>();
    private final PluginRegistry plugins;
    private final Path flowsRoot;
    private ScriptHost scripts;
    private PluginFlows pluginFlows;

    /** Sources with the built-in languages only and no plugin flows, entrypoints under {@code flowsRoot}. */
    FlowSources(Path flowsRoot) {
        this(PluginRegistry.none(), flowsRoot);
    }

    /** Sources with the languages and flows of {@code plugins} too (which the caller closes). */
    FlowSources(PluginRegistry plugins, Path flowsRoot) {
        this.plugins = plugins;
        this.flowsRoot = flowsRoot;
    }

    /** Refuses, in one line, a flow file that is missing or a folder. */
    static void requireFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new OrionException(file + " is a folder; give a flow file in it (.java, .js, .mjs or .py)");
        }
        if (!Files.isRegularFile(file)) {
            throw new OrionException("no such file: " + file);
        }
    }

    /** Loads the flow of {@code file} ({@code flowName} picks one when it declares several; may be null). */
    synchronized Loaded load(Path file, String flowName, Map<String, Object> given) {
        requireFile(file);
        scripts().requireRunnable(file);
        if (scripts().runs(file)) {
            var module = scripts.load(file);
            ScriptFlow f = flowName == null && module.flows().size() == 1 ? module.flows().getFirst()
                    : module.flow(flowName);
            origins.put(f.flow(), file);
            taskFinders.put(file, name -> module.task(name).map(t -> t.task()));
            return new Loaded(f.flow(), Thread.currentThread().getContextClassLoader(), f.complete(given));
        }
        try {
            RunSourceCompiler.Compiled compiled = RunSourceCompiler.compile(file);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(compiled.loader());
            try {
                Flow<?> flow = RunFlowFinder.find(compiled, file, flowName);
                origins.put(flow, file);
                taskFinders.put(file, name -> RunFlowFinder.task(compiled, name));
                return new Loaded(flow, compiled.loader(), new LinkedHashMap<>(given));
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        } catch (RunSourceCompiler.CompileException e) {
            throw new OrionException(file + " does not compile:\n" + String.join("\n", e.diagnostics()), e);
        }
    }

    /** The source file a flow this instance loaded came from. */
    Optional<Path> origin(Flow<?> flow) {
        return Optional.ofNullable(origins.get(flow));
    }

    /** The task named {@code name} in a file this instance loaded. */
    Optional<Task<?>> task(Path file, String name) {
        var finder = taskFinders.get(file);
        return finder == null ? Optional.empty() : finder.apply(name);
    }

    private ScriptHost scripts() {
        if (scripts == null) {
            scripts = ScriptHost.create(plugins.extensions(ScriptLanguage.class).stream()
                    .map(Contribution::extension).toList());
        }
        return scripts;
    }

    @Override
    public Resolved resolve(String entrypoint, String flowName) {
        // Checked here again, before anything is read: the API that stored it may be older or bypassed.
        Entrypoint parsed = Entrypoint.parse(entrypoint);
        if (parsed.pluginFlow().isPresent()) {
            return pluginFlow(parsed.pluginFlow().get());
        }
        return cache.computeIfAbsent(entrypoint, e -> {
            Loaded l = load(parsed.resolve(flowsRoot), parsed.flowName().orElse(flowName), Map.of());
            return new Resolved(l.flow(), l.loader());
        });
    }

    /**
     * A flow from a file Orion itself placed and checked (a cluster member's bundle cache, whose
     * files are verified against their content hash), not from an entrypoint a request named.
     */
    Resolved resolveTrusted(Path file, String flowName) {
        return cache.computeIfAbsent("trusted:" + file + ":" + flowName, e -> {
            Loaded l = load(file, flowName, Map.of());
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
