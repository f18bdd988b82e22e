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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A flow: a function whose every call is a flow run, proposed to the orchestrator state by
 * state. Inside it, calls of {@link Task}s are task runs and calls of other flows are subflow
 * runs. Immutable; the {@code withX} methods return changed copies. Thread-safe.
 *
 * <pre>{@code
 * public static final Flow<Integer> etl = Flow.of("etl", (Integer n) -> square.map(range(n))...);
 * }</pre>
 *
 * Parameter names come from the declaration (javac's {@code -g} or {@code -parameters});
 * {@link #withParameterNames} sets them where the compiler kept none.
 *
 * @param <R> the result type
 */
public final class Flow<R> {

    private final FlowOptions options;
    private final Invoker body;
    private final List<Parameter> parameters;
    private final Type resultType;
    private final Map<String, Object> defaults;

    private Flow(FlowOptions options, Invoker body, List<Parameter> parameters,
                 Type resultType) {
        this(options, body, parameters, resultType, Map.of());
    }

    private Flow(FlowOptions options, Invoker body, List<Parameter> parameters,
                 Type resultType, Map<String, Object> defaults) {
        this.options = options;
        this.body = body;
        this.parameters = parameters;
        this.resultType = resultType;
        this.defaults = defaults;
    }

    // ---- definition ---------------------------------------------------------------------

    public static <R> Flow<R> of(String name, Fn0<R> fn) {
        Objects.requireNonNull(fn, "fn");
        return create(name, args -> fn.apply(), fn, 0);
    }

    @SuppressWarnings("unchecked")
    public static <A, R> Flow<R> of(String name, Fn1<A, R> fn) {
        Objects.requireNonNull(fn, "fn");
        return create(name, args -> fn.apply((A) args[0]), fn, 1);
    }

    @SuppressWarnings("unchecked")
    public static <A, B, R> Flow<R> of(String name, Fn2<A, B, R> fn) {
        Objects.requireNonNull(fn, "fn");
        return create(name, args -> fn.apply((A) args[0], (B) args[1]), fn, 2);
    }

    @SuppressWarnings("unchecked")
    public static <A, B, C, R> Flow<R> of(String name, Fn3<A, B, C, R> fn) {
        Objects.requireNonNull(fn, "fn");
        return create(name, args -> fn.apply((A) args[0], (B) args[1], (C) args[2]), fn, 3);
    }

    /** A flow from a body taking positional arguments, for hosts (scripts) that declare parameters. */
    public static Flow<Object> ofInvoker(String name, List<Parameter> parameters, Invoker body) {
        return new Flow<>(FlowOptions.named(name), Objects.requireNonNull(body, "body"), List.copyOf(parameters),
                Object.class);
    }

    /** A flow from a plain {@link java.util.function.Function} over positional arguments, untyped parameters. */
    public static Flow<Object> ofFunction(String name, List<String> parameterNames,
            Function<Object[], Object> body) {
        Objects.requireNonNull(body, "body");
        return ofInvoker(name, parameterNames.stream().map(Parameter::untyped).toList(), body::apply);
    }

    private static <R> Flow<R> create(String name, Invoker invoker, Serializable fn, int arity) {
        return new Flow<>(FlowOptions.named(name), invoker, Signatures.parameters(fn, arity),
                Signatures.resultType(fn));
    }

    // ---- options --------------------------------------------------------------------------

    public FlowOptions options() {
        return options;
    }

    public String name() {
        return options.name();
    }

    /** The declared parameters, in order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The result type its body declares ({@code Object} when unknown): what a stored result of it is read back as. */
    public Type resultType() {
        return resultType;
    }

    /** Runs the body with positional arguments; the engine calls this. */
    public Object invoke(Object[] args) throws Exception {
        return body.invoke(args);
    }

    /** Names the parameters, in order, keeping their types. */
    public Flow<R> withParameterNames(String... names) {
        if (names.length != parameters.size()) {
            throw new IllegalArgumentException("flow '" + name() + "' has " + parameters.size()
                    + " parameter(s), got " + names.length + " name(s)");
        }
        List<Parameter> renamed = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            renamed.add(new Parameter(names[i], parameters.get(i).type()));
        }
        return new Flow<>(options, body, List.copyOf(renamed), resultType, defaults);
    }

    /**
     * Gives a parameter a default: a run that is not given it gets this value (converted to the
     * parameter's type like a given one). {@code orion run FILE --describe} shows it.
     *
     * @throws IllegalArgumentException when the flow has no parameter of that name
     */
    public Flow<R> withDefault(String parameter, Object value) {
        Objects.requireNonNull(parameter, "parameter");
        if (parameters.stream().noneMatch(p -> p.name().equals(parameter))) {
            throw new IllegalArgumentException("flow '" + name() + "' has no parameter '" + parameter + "'; its parameters are "
                    + parameters.stream().map(Parameter::name).toList());
        }
        Map<String, Object> changed = new LinkedHashMap<>(defaults);
        changed.put(parameter, value);
        return new Flow<>(options, body, parameters, resultType, Collections.unmodifiableMap(changed));
    }

    /** The parameters' defaults, by name (see {@link #withDefault}). */
    public Map<String, Object> defaults() {
        return defaults;
    }

    public Flow<R> withName(String value) {
        return with(options.with(m -> m.name = value));
    }

    public Flow<R> withDescription(String value) {
        return with(options.with(m -> m.description = value));
    }

    public Flow<R> withVersion(String value) {
        return with(options.with(m -> m.version = value));
    }

    public Flow<R> withRetries(int retries) {
        return withRetries(retries, List.of());
    }

    public Flow<R> withRetries(int retries, Duration delay) {
        return withRetries(retries, List.of(Objects.requireNonNull(delay, "delay")));
    }

    /** Retries a failed run, with a delay per retry; the last delay is reused. */
    public Flow<R> withRetries(int retries, List<Duration> delays) {
        return with(options.with(m -> {
            m.retries = retries;
            m.retryDelays = delays;
        }));
    }

    public Flow<R> withRetryJitter(double factor) {
        return with(options.with(m -> m.retryJitterFactor = factor));
    }

    /** A run longer than this is interrupted and ends Failed, named TimedOut. */
    public Flow<R> withTimeout(Duration value) {
        return with(options.with(m -> m.timeout = value));
    }

    public Flow<R> withTags(String... values) {
        return with(options.with(m -> m.tags = Set.of(values)));
    }

    public Flow<R> withTaskRunner(TaskRunnerSpec value) {
        return with(options.with(m -> m.taskRunner = Objects.requireNonNull(value, "taskRunner")));
    }

    public Flow<R> withValidateParameters(boolean value) {
        return with(options.with(m -> m.validateParameters = value));
    }

    public Flow<R> withPersistResult(boolean value) {
        return with(options.with(m -> m.persistResult = value));
    }

    /** Sends lines the flow's code prints to {@code System.out} to the run's log. */
    public Flow<R> withLogPrints(boolean value) {
        return with(options.with(m -> m.logPrints = value));
    }

    /** Stores this flow's results (and its tasks') in the {@link ResultStorage} of that name. */
    public Flow<R> withResultStorage(String name) {
        return with(options.with(m -> m.resultStorage = Objects.requireNonNull(name, "resultStorage")));
    }

    private Flow<R> with(FlowOptions value) {
        return new Flow<>(value, body, parameters, resultType, defaults);
    }

    // ---- calling --------------------------------------------------------------------------

    /**
     * Inside a flow: runs this flow as a subflow run and returns its result. Outside: runs it
     * as a new flow run through the installed launcher ({@code Orion.local()}).
     *
     * @throws TaskFailedException or the flow's own unchecked exception, when it does not complete
     */
    @SuppressWarnings("unchecked")
    public R call(Object... args) {
        Objects.requireNonNull(args, "args");
        if (args.length != parameters.size()) {
            throw new OrionException("flow '" + name() + "' takes " + parameters.size() + " argument(s) "
                    + parameters.stream().map(Parameter::name).toList() + ", got " + args.length);
        }
        var scope = RunScopes.current();
        if (scope.isPresent()) {
            return scope.get().callSubflow(this, args);
        }
        return RunScopes.launcher()
                .orElseThrow(() -> new OrionException("flow '" + name() + "' was called outside a run and no "
                        + "engine is set up; use Orion.local().run(flow, args)"))
                .launch(this, args);
    }

    @Override
    public String toString() {
        return "Flow[" + name() + "]";
    }
}
