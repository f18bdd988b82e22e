package dev.orion.host.scripting;

import dev.orion.api.Artifacts;
import dev.orion.api.Concurrency;
import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.Parameter;
import dev.orion.api.Secrets;
import dev.orion.api.Task;
import dev.orion.api.Variables;
import dev.orion.api.fn.Invoker;
import dev.orion.api.spi.RunScopes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code orion} object a JSR-223 script sees. Its language's functions (a Groovy closure,
 * anything with a public {@code call(Object...)} method) become task and flow bodies; the tasks
 * and flows returned are the Java API's, so the script calls {@code call}, {@code submit},
 * {@code map} on them directly:
 *
 * <pre>{@code
 * def square = orion.task([name: 'square', retries: 2]) { x -> x * x }
 * orion.flow('etl', [n: 10]) { n -> square.map((0..<n).toList())*.result().sum() }
 * }</pre>
 *
 * Thread-safe; calls into an engine that is not thread-safe are serialized.
 */
public final class Jsr223Api {

    private final Path file;
    private final ScriptHost host;
    private final ReentrantLock lock;
    private final Map<String, ScriptTask> tasks = new LinkedHashMap<>();
    private final Map<String, ScriptFlow> flows = new LinkedHashMap<>();

    Jsr223Api(Path file, ScriptHost host, boolean threadSafe) {
        this.file = file;
        this.host = host;
        this.lock = threadSafe ? null : new ReentrantLock();
    }

    /** A task named {@code name} with one parameter per parameter of {@code fn}. */
    public Task<Object> task(String name, Object fn) {
        return task(Map.of("name", name), fn);
    }

    /** A task with options (name, retries, retryDelaySeconds, timeoutSeconds, tags, cacheByInputs, ...). */
    public synchronized Task<Object> task(Map<String, Object> options, Object fn) {
        String name = String.valueOf(options.get("name"));
        if (options.get("name") == null || tasks.containsKey(name)) {
            throw new OrionException(options.get("name") == null ? "a task in " + file + " needs a name"
                    : "task '" + name + "' is defined twice in " + file);
        }
        List<ScriptParameter> params = new ArrayList<>();
        for (int i = 0; i < arity(fn); i++) {
            params.add(new ScriptParameter("arg" + i, Object.class, false, null));
        }
        Task<Object> task = ScriptOptions.apply(Task.ofInvoker(name,
                params.stream().map(ScriptParameter::toParameter).toList(), invoker(fn)), normalized(options));
        tasks.put(name, new ScriptTask(task, params));
        return task;
    }

    /** A flow without parameters. */
    public Flow<Object> flow(String name, Object fn) {
        return flow(name, Map.of(), fn);
    }

    /** A flow whose parameters are the keys of {@code params}, with their values as defaults (null: required). */
    public Flow<Object> flow(String name, Map<String, Object> params, Object fn) {
        return flow(Map.of("name", name), params, fn);
    }

    /** A flow with options (name, retries, timeoutSeconds, taskRunner, ...) and parameters with defaults. */
    public synchronized Flow<Object> flow(Map<String, Object> options, Map<String, Object> params, Object fn) {
        String name = String.valueOf(options.get("name"));
        if (options.get("name") == null || flows.containsKey(name)) {
            throw new OrionException(options.get("name") == null ? "a flow in " + file + " needs a name"
                    : "flow '" + name + "' is defined twice in " + file);
        }
        List<ScriptParameter> declared = new ArrayList<>();
        params.forEach((k, v) -> declared.add(new ScriptParameter(k, v == null ? Object.class : typeOf(v), v != null, v)));
        List<Parameter> ps = declared.stream().map(ScriptParameter::toParameter).toList();
        Flow<Object> flow = ScriptOptions.apply(Flow.ofInvoker(name, ps, invoker(fn)), normalized(options));
        flows.put(name, new ScriptFlow(flow, declared));
        return flow;
    }

    /** Writes a line to the current run's log. */
    public void log(Object message) {
        var logger = RunScopes.current().map(s -> s.logger()).orElse(null);
        if (logger == null) {
            System.err.println(message);
        } else {
            logger.info(String.valueOf(message));
        }
    }

    /** The value of a variable, or {@code defaultValue} when it is not set ({@code orion.variable("region", "eu")}). */
    public Object variable(String name, Object defaultValue) {
        return Variables.get(name).<Object>map(v -> v).orElse(defaultValue);
    }

    /** Takes slots of a global concurrency limit ({@code orion.occupy("db", 1).withCloseable { ... }}); closing frees them. */
    public Concurrency.Slots occupy(String name, int slots) {
        return Concurrency.occupy(name, slots);
    }

    /** Waits for a slot of a rate limit ({@code orion.rateLimit("api")}). */
    public void rateLimit(String name) {
        Concurrency.rateLimit(name);
    }

    /** The value of a secret ({@code orion.secret("db-password")}); masked in the run's logs and results from then on. */
    public String secret(String name) {
        return Secrets.get(name);
    }

    /** Publishes a markdown artifact ({@code orion.markdownArtifact("report", "# Done", null)}); answers its id. */
    public String markdownArtifact(String key, String markdown, String description) {
        return Artifacts.markdown(key, markdown, description).toString();
    }

    /** Publishes a table artifact: a list of maps or of lists, or a map of columns; answers its id. */
    public String tableArtifact(String key, Object table, String description) {
        return RunScopes.require("orion.tableArtifact()").createArtifact("table", key, description, table)
                .toString();
    }

    /** Publishes a link artifact; text, key and description may be null; answers its id. */
    public String linkArtifact(String key, String url, String text, String description) {
        return Artifacts.link(key, url, text, description).toString();
    }

    /** The tasks and flows of another script (any language), relative to this one's folder. */
    public Map<String, Object> importScript(String path) {
        ScriptModule other = host.load(file.toAbsolutePath().getParent().resolve(path).normalize());
        Map<String, Object> out = new LinkedHashMap<>();
        other.tasks().forEach(t -> out.put(t.task().name(), t.task()));
        other.flows().forEach(f -> out.put(f.name(), f.flow()));
        return out;
    }

    ScriptModule module() {
        List<ScriptFlow> fs;
        List<ScriptTask> ts;
        synchronized (this) {
            fs = List.copyOf(flows.values());
            ts = List.copyOf(tasks.values());
        }
        return new ScriptModule() {
            @Override
            public Path file() {
                return file;
            }

            @Override
            public List<ScriptFlow> flows() {
                return fs;
            }

            @Override
            public List<ScriptTask> tasks() {
                return ts;
            }

            @Override
            public Optional<ScriptFlow> defaultFlow() {
                return fs.isEmpty() ? Optional.empty() : Optional.of(fs.get(fs.size() - 1));
            }
        };
    }

    private Invoker invoker(Object fn) {
        Method call = callMethod(fn);
        return args -> {
            if (lock != null) {
                lock.lock();
            }
            try {
                return call.invoke(fn, (Object) args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) e.getCause();
            } finally {
                if (lock != null) {
                    lock.unlock();
                }
            }
        };
    }

    private Method callMethod(Object fn) {
        try {
            return fn.getClass().getMethod("call", Object[].class);
        } catch (NoSuchMethodException e) {
            throw new OrionException("a task or flow body in " + file + " must be a function of the script's language "
                    + "(with a call(Object...) method), got " + fn.getClass().getName());
        }
    }

    private static int arity(Object fn) {
        try {
            return (Integer) fn.getClass().getMethod("getMaximumNumberOfParameters").invoke(fn);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return 1;
        }
    }

    private static Map<String, Object> normalized(Map<String, Object> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k.replace("_", "").toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static Class<?> typeOf(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return Long.class;
        }
        if (v instanceof Number) {
            return Double.class;
        }
        if (v instanceof List<?>) {
            return List.class;
        }
        if (v instanceof Map<?, ?>) {
            return Map.class;
        }
        return v.getClass();
    }
}
