package dev.orion.host.cli;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.host.scripting.ScriptFlow;
import dev.orion.host.scripting.ScriptHost;
import dev.orion.host.services.FlowResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads flows from their source files the way {@code orion run} does: a {@code .java} file is
 * compiled in memory, a script runs in its language. A deployment's entrypoint is
 * {@code /abs/path/File.java:flowName}. Each file is loaded once per instance. Thread-safe.
 */
final class FlowSources implements FlowResolver, AutoCloseable {

    /** A loaded flow, its class loader, and the parameters with their defaults filled in. */
    record Loaded(Flow<?> flow, ClassLoader loader, Map<String, Object> parameters) {
    }

    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();
    private ScriptHost scripts;

    /** Loads the flow of {@code file} ({@code flowName} picks one when it declares several; may be null). */
    synchronized Loaded load(Path file, String flowName, Map<String, Object> given) {
        if (!Files.isRegularFile(file)) {
            throw new OrionException("no such file: " + file);
        }
        if (ScriptHost.isScript(file)) {
            if (scripts == null) {
                scripts = ScriptHost.create();
            }
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

    @Override
    public Resolved resolve(String entrypoint, String flowName) {
        return cache.computeIfAbsent(entrypoint, e -> {
            int colon = e.lastIndexOf(':');
            Path file = Path.of(colon > 0 ? e.substring(0, colon) : e);
            String name = colon > 0 ? e.substring(colon + 1) : flowName;
            Loaded l = load(file, name, Map.of());
            return new Resolved(l.flow(), l.loader());
        });
    }

    @Override
    public synchronized void close() {
        if (scripts != null) {
            scripts.close();
        }
    }
}
