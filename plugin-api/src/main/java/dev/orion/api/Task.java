package dev.orion.api;

import dev.orion.api.fn.Fn0;
import dev.orion.api.fn.Fn1;
import dev.orion.api.fn.Fn2;
import dev.orion.api.fn.Fn3;
import dev.orion.api.fn.Invoker;
import dev.orion.api.spi.RunScopes;
import java.io.Serializable;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A task: a function whose every call inside a flow is a task run, proposed to the orchestrator
 * state by state, with retries, timeouts, caching and concurrency limits. Immutable; the
 * {@code withX} methods return changed copies. Thread-safe.
 *
 * <pre>{@code
 * var square = Task.of("square", (Integer x) -> x * x).withRetries(2, Duration.ofSeconds(1));
 * int nine = square.call(3);                         // runs now, returns the result
 * List<TaskFuture<Integer>> all = square.map(xs);    // one task run per element, concurrently
 * }</pre>
 *
 * @param <R> the result type
 */
public final class Task<R> {

    private final TaskOptions options;
    private final Invoker body;
    private final List<Parameter> parameters;
    private final List<TaskFuture<?>> waitFor;
    private final Type resultType;

    private Task(TaskOptions options, Invoker body, List<Parameter> parameters, List<TaskFuture<?>> waitFor,
                 Type resultType) {
        this.options = options;
        this.body = body;
        this.parameters = parameters;
        this.waitFor = waitFor;
        this.resultType = resultType;
    }

    // ---- definition ---------------------------------------------------------------------

    public static <R> Task<R> of(String name, Fn0<R> fn) {
        Objects.requireNonNull(fn, "fn");
        return create(name, args -> fn.apply(), fn, 0);
    }

    @SuppressWarnings("unchecked")
    public static <A, R> Task<R> of(String name, Fn1<A, R> fn) {
        Objects.requireNonNull(fn, "fn");
        return create(name, args -> fn.apply((A) args[0]), fn, 1);
    }

    @SuppressWarnings("unchecked")
    public static <A, B, R> Task<R> of(String name, Fn2<A, B, R> fn) {
        Objects.requireNonNull(fn, "fn");
        return create(name, args -> fn.apply((A) args[0], (B) args[1]), fn, 2);
    }

    @SuppressWarnings("unchecked")
    public static <A, B, C, R> Task<R> of(String name, Fn3<A, B, C, R> fn) {
        Objects.requireNonNull(fn, "fn");
        return create(name, args -> fn.apply((A) args[0], (B) args[1], (C) args[2]), fn, 3);
    }

    /**
     * A task from a body that takes positional arguments, for hosts (scripts) that know the
     * parameter names themselves.
     */
    public static Task<Object> ofInvoker(String name, List<Parameter> parameters, Invoker body) {
        return new Task<>(TaskOptions.named(name), Objects.requireNonNull(body, "body"),
                List.copyOf(parameters), List.of(), Object.class);
    }

    /** A task from a plain {@link Function} over positional arguments, named parameters in order. */
    public static Task<Object> ofFunction(String name, List<String> parameterNames, Function<Object[], Object> body) {
        Objects.requireNonNull(body, "body");
        return ofInvoker(name, parameterNames.stream().map(Parameter::untyped).toList(), body::apply);
    }

    private static <R> Task<R> create(String name, Invoker invoker, Serializable fn, int arity) {
        return new Task<>(TaskOptions.named(name), invoker, Signatures.parameters(fn, arity), List.of(),
                Signatures.resultType(fn));
    }

    // ---- options --------------------------------------------------------------------------

    public TaskOptions options() {
        return options;
    }

    public String name() {
        return options.name();
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The result type its body declares ({@code Object} when unknown): what a stored result of it is read back as. */
    public Type resultType() {
        return resultType;
    }

    /** The futures this call waits for (set by {@link #waitFor}). */
    public List<TaskFuture<?>> waitForFutures() {
        return waitFor;
    }

    /** Runs the body with positional arguments; the engine calls this. */
    public Object invoke(Object[] args) throws Exception {
        return body.invoke(args);
    }

    public Task<R> withName(String value) {
        return with(new TaskOptions(value, o().description(), o().version(), o().retries(), o().retryDelays(),
                o().retryJitterFactor(), o().timeout(), o().tags(), o().cacheKeyFn(), o().cacheExpiration(),
                o().persistResult(), o().refreshCache()));
    }

    public Task<R> withDescription(String value) {
        return with(new TaskOptions(o().name(), value, o().version(), o().retries(), o().retryDelays(),
                o().retryJitterFactor(), o().timeout(), o().tags(), o().cacheKeyFn(), o().cacheExpiration(),
                o().persistResult(), o().refreshCache()));
    }

    public Task<R> withVersion(String value) {
        return with(new TaskOptions(o().name(), o().description(), value, o().retries(), o().retryDelays(),
                o().retryJitterFactor(), o().timeout(), o().tags(), o().cacheKeyFn(), o().cacheExpiration(),
                o().persistResult(), o().refreshCache()));
    }

    /** Retries a failed run up to {@code retries} times, with no delay. */
    public Task<R> withRetries(int retries) {
        return withRetries(retries, List.of());
    }

    /** Retries a failed run up to {@code retries} times, waiting {@code delay} before each. */
    public Task<R> withRetries(int retries, Duration delay) {
        return withRetries(retries, List.of(Objects.requireNonNull(delay, "delay")));
    }

    /** Retries with a delay per retry; the last delay is reused for later retries. */
    public Task<R> withRetries(int retries, List<Duration> delays) {
        return with(new TaskOptions(o().name(), o().description(), o().version(), retries, delays,
                o().retryJitterFactor(), o().timeout(), o().tags(), o().cacheKeyFn(), o().cacheExpiration(),
                o().persistResult(), o().refreshCache()));
    }

    /** Randomizes each retry delay by up to {@code factor} times itself. */
    public Task<R> withRetryJitter(double factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("retry jitter factor must be >= 0, got " + factor);
        }
        return with(new TaskOptions(o().name(), o().description(), o().version(), o().retries(), o().retryDelays(),
                factor, o().timeout(), o().tags(), o().cacheKeyFn(), o().cacheExpiration(), o().persistResult(), o().refreshCache()));
    }

    /** A run longer than this is interrupted and ends Failed, named TimedOut. */
    public Task<R> withTimeout(Duration value) {
        return with(new TaskOptions(o().name(), o().description(), o().version(), o().retries(), o().retryDelays(),
                o().retryJitterFactor(), value, o().tags(), o().cacheKeyFn(), o().cacheExpiration(),
                o().persistResult(), o().refreshCache()));
    }

    public Task<R> withTags(String... values) {
        return with(new TaskOptions(o().name(), o().description(), o().version(), o().retries(), o().retryDelays(),
                o().retryJitterFactor(), o().timeout(), Set.of(values), o().cacheKeyFn(), o().cacheExpiration(),
                o().persistResult(), o().refreshCache()));
    }

    /**
     * Caches results under the key {@code fn} computes from the arguments: a later call with the
     * same key ends Cached without running, until {@code expiration} (null: never expires).
     */
    public Task<R> withCacheKey(Function<List<Object>, String> fn, Duration expiration) {
        return with(new TaskOptions(o().name(), o().description(), o().version(), o().retries(), o().retryDelays(),
                o().retryJitterFactor(), o().timeout(), o().tags(), fn, expiration, o().persistResult(), o().refreshCache()));
    }

    /** Caches results by the task's name and the value of its arguments (Prefect's task_input_hash). */
    public Task<R> withCacheByInputs(Duration expiration) {
        String name = o().name();
        return withCacheKey(args -> name + ":" + CacheKeys.hash(args), expiration);
    }

    /** Whether results are stored as JSON (default: only when caching needs it). */
    public Task<R> withPersistResult(boolean value) {
        return with(new TaskOptions(o().name(), o().description(), o().version(), o().retries(), o().retryDelays(),
                o().retryJitterFactor(), o().timeout(), o().tags(), o().cacheKeyFn(), o().cacheExpiration(), value,
                o().refreshCache()));
    }

    /** Runs even when a cached result exists for the call's key, and caches the new result (Prefect's refresh_cache). */
    public Task<R> withRefreshCache(boolean value) {
        return with(new TaskOptions(o().name(), o().description(), o().version(), o().retries(), o().retryDelays(),
                o().retryJitterFactor(), o().timeout(), o().tags(), o().cacheKeyFn(), o().cacheExpiration(),
                o().persistResult(), value));
    }

    /** A copy whose calls start only after these futures reach a final state (no data passes). */
    public Task<R> waitFor(TaskFuture<?>... futures) {
        List<TaskFuture<?>> all = new ArrayList<>(waitFor);
        all.addAll(Arrays.asList(futures));
        return new Task<>(options, body, parameters, List.copyOf(all), resultType);
    }

    /** A copy whose calls start only after these futures reach a final state (no data passes). */
    public Task<R> waitFor(Collection<? extends TaskFuture<?>> futures) {
        return waitFor(futures.toArray(TaskFuture<?>[]::new));
    }

    private TaskOptions o() {
        return options;
    }

    private Task<R> with(TaskOptions value) {
        return new Task<>(value, body, parameters, waitFor, resultType);
    }

    // ---- calling --------------------------------------------------------------------------

    /**
     * Runs the task now as a task run of the current flow run and returns its result.
     * Arguments may be futures; they are resolved first and recorded as upstream edges.
     *
     * @throws TaskFailedException or the task's own unchecked exception, when it does not complete
     */
    public R call(Object... args) {
        checkArity(args);
        return RunScopes.require("Task.call").call(this, args, waitFor);
    }

    /** Submits a task run to the flow's task runner and returns its future at once. */
    public TaskFuture<R> submit(Object... args) {
        checkArity(args);
        return RunScopes.require("Task.submit").submit(this, args, waitFor);
    }

    /**
     * Submits one task run per element: every argument that is a collection (or array) is
     * iterated, all of the same length; others, and those wrapped in {@link #unmapped}, are
     * passed to every run. Elements may be futures.
     */
    public List<TaskFuture<R>> map(Object... args) {
        checkArity(args);
        int n = -1;
        for (Object a : args) {
            int size = mappedSize(a);
            if (size >= 0) {
                if (n >= 0 && size != n) {
                    throw new OrionException("map over task '" + name() + "' got collections of different "
                            + "lengths (" + n + " and " + size + "); give them the same length or wrap "
                            + "shared arguments in Task.unmapped(...)");
                }
                n = size;
            }
        }
        if (n < 0) {
            throw new OrionException("map over task '" + name() + "' needs at least one collection argument");
        }
        var scope = RunScopes.require("Task.map");
        List<Iterator<?>> iterators = new ArrayList<>();
        for (Object a : args) {
            iterators.add(mappedSize(a) >= 0 ? iterable(a).iterator() : null);
        }
        List<TaskFuture<R>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] call = new Object[args.length];
            for (int j = 0; j < args.length; j++) {
                Iterator<?> it = iterators.get(j);
                call[j] = it != null ? it.next() : unwrap(args[j]);
            }
            futures.add(scope.submit(this, call, waitFor));
        }
        return futures;
    }

    /** Marks an argument of {@link #map} as passed whole to every run. */
    public static Unmapped unmapped(Object value) {
        return new Unmapped(value);
    }

    /** An argument of {@link #map} that is not iterated. */
    public record Unmapped(Object value) {
    }

    private static Object unwrap(Object a) {
        return a instanceof Unmapped u ? u.value() : a;
    }

    private static int mappedSize(Object a) {
        if (a instanceof Collection<?> c) {
            return c.size();
        }
        if (a instanceof Object[] array) {
            return array.length;
        }
        return -1;
    }

    private static Iterable<?> iterable(Object a) {
        return a instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) a;
    }

    private void checkArity(Object[] args) {
        Objects.requireNonNull(args, "args");
        if (args.length != parameters.size()) {
            throw new OrionException("task '" + name() + "' takes " + parameters.size() + " argument(s) "
                    + parameters.stream().map(Parameter::name).toList() + ", got " + args.length);
        }
    }

    @Override
    public String toString() {
        return "Task[" + name() + "]";
    }
}
