package dev.orion.host.scripting;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.Parameter;
import dev.orion.api.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JavaScript or Python script and the contexts that have evaluated it. The first evaluation
 * defines the module's {@link Task}s and {@link Flow}s; their bodies look their function up by
 * name in whichever context runs them. JavaScript contexts are single-threaded, so each thread
 * borrows one from a pool (and a call from inside a context moves to another thread, see
 * {@link Unnested}); GraalPy lets threads share one context under its lock, so Python modules
 * keep exactly one. Thread-safe.
 */
final class PolyglotModule implements ScriptModule {

    private final PolyglotLanguage language;
    private final ScriptHost host;
    private final Path file;
    private final Map<String, ScriptTask> tasks = new LinkedHashMap<>();
    private final Map<String, ScriptFlow> flows = new LinkedHashMap<>();
    private final List<String> tests = new ArrayList<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final ConcurrentLinkedDeque<GuestContext> idle = new ConcurrentLinkedDeque<>();
    private final List<GuestContext> all = new ArrayList<>();
    private volatile GuestContext shared;
    private volatile boolean loaded;
    private String defaultFlow;
    private String javascript;

    PolyglotModule(PolyglotLanguage language, ScriptHost host, Path file) {
        this.language = language;
        this.host = host;
        this.file = file;
    }

    /** Evaluates the script in a first context, which defines the tasks and flows. */
    void load() {
        GuestContext first = Unnested.run(this, () -> language.newContext(this));
        synchronized (this) {
            all.add(first);
        }
        loaded = true;
        if (language.sharesContext()) {
            shared = first;
        } else {
            idle.push(first);
        }
    }

    ScriptHost host() {
        return host;
    }

    /** The JavaScript text every context evaluates, made by the first one ({@code make} runs once). */
    synchronized String javascriptSource(Supplier<String> make) {
        if (javascript == null) {
            javascript = make.get();
        }
        return javascript;
    }

    /** Runs {@code op} in a context this thread may use. */
    <T> T withContext(Function<GuestContext, T> op) {
        return Unnested.run(this, () -> borrow(op));
    }

    private <T> T borrow(Function<GuestContext, T> op) {
        if (shared != null) {
            return op.apply(shared);
        }
        GuestContext c = idle.poll();
        if (c == null) {
            c = language.newContext(this);
            synchronized (this) {
                all.add(c);
            }
        }
        try {
            return op.apply(c);
        } finally {
            idle.push(c);
        }
    }

    synchronized Task<Object> defineTask(String name, Map<String, Object> options, List<ScriptParameter> params,
            boolean cacheKeyFn) {
        ScriptTask existing = tasks.get(name);
        if (existing != null) {
            if (!loaded) {
                throw new OrionException("task '" + name + "' is defined twice in " + file + "; give each task its own name");
            }
            return existing.task();
        }
        Task<Object> task = Task.ofInvoker(name, params.stream().map(ScriptParameter::toParameter).toList(),
                args -> withContext(c -> c.invokeTask(name, args)));
        task = ScriptOptions.apply(task, options);
        if (cacheKeyFn) {
            task = task.withCacheKey(args -> withContext(c -> c.cacheKey(name, args)),
                    ScriptOptions.duration(options, "cacheexpirationseconds", "cacheexpiration"));
        }
        tasks.put(name, new ScriptTask(task, params));
        return task;
    }

    synchronized Flow<Object> defineFlow(String name, Map<String, Object> options, List<ScriptParameter> params) {
        ScriptFlow existing = flows.get(name);
        if (existing != null) {
            if (!loaded) {
                throw new OrionException("flow '" + name + "' is defined twice in " + file + "; give each flow its own name");
            }
            return existing.flow();
        }
        List<Parameter> declared = params.stream().map(ScriptParameter::toParameter).toList();
        Flow<Object> flow = ScriptOptions.apply(Flow.ofInvoker(name, declared,
                args -> withContext(c -> c.invokeFlow(name, args))), options);
        flows.put(name, new ScriptFlow(flow, params));
        return flow;
    }

    /** Records a test the first evaluation defines; later contexts only register their own function for it. */
    synchronized void defineTest(String name) {
        if (loaded) {
            return;
        }
        if (tests.contains(name)) {
            throw new OrionException("test '" + name + "' is defined twice in " + file + "; give each test its own name");
        }
        tests.add(name);
    }

    @Override
    public synchronized List<String> tests() {
        return List.copyOf(tests);
    }

    @Override
    public void runTest(String name) {
        if (!tests().contains(name)) {
            ScriptModule.super.runTest(name);
        }
        withContext(c -> {
            c.invokeTest(name);
            return null;
        });
    }

    synchronized void alias(String alias, String flowName) {
        aliases.putIfAbsent(alias, flowName);
    }

    /** The flow by its name, or by the name of the function that defines it (Prefect's {@code file.py:function}). */
    @Override
    public synchronized ScriptFlow flow(String name) {
        if (name != null && !flows.containsKey(name) && aliases.containsKey(name)) {
            return ScriptModule.super.flow(aliases.get(name));
        }
        return ScriptModule.super.flow(name);
    }

    synchronized void markDefault(String flowName) {
        defaultFlow = flowName;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public synchronized List<ScriptFlow> flows() {
        return List.copyOf(flows.values());
    }

    @Override
    public synchronized List<ScriptTask> tasks() {
        return List.copyOf(tasks.values());
    }

    @Override
    public synchronized Optional<ScriptFlow> defaultFlow() {
        if (defaultFlow != null && flows.containsKey(defaultFlow)) {
            return Optional.of(flows.get(defaultFlow));
        }
        return flows.values().stream().reduce((a, b) -> b);
    }

    /** How many contexts have evaluated the script (for tests and benchmarks). */
    synchronized int contexts() {
        return all.size();
    }

    void close() {
        List<GuestContext> contexts;
        synchronized (this) {
            contexts = List.copyOf(all);
            all.clear();
        }
        idle.clear();
        for (GuestContext c : contexts) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // A context still in use by a stray thread is cancelled; nothing more to release.
            }
        }
    }

}
