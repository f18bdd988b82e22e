package dev.orion.host.scripting;

import dev.orion.api.Artifacts;
import dev.orion.api.Concurrency;
import dev.orion.api.Flow;
import dev.orion.api.Secrets;
import dev.orion.api.State;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.Variables;
import dev.orion.api.spi.RunScopes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The host object a guest's Orion API ({@code orion.js}, {@code orion.py}) calls: defines tasks
 * and flows, calls, submits and maps them, and reads futures. Values cross as plain Java going
 * in and JSON text coming out, which the guest parses into its own arrays and objects. One per
 * {@link GuestContext}; its methods are public for the guest, not for Java callers.
 */
public final class GuestBridge {

    private final PolyglotModule module;
    private final GuestContext context;

    GuestBridge(PolyglotModule module, GuestContext context) {
        this.module = module;
        this.context = context;
    }

    // ---- definitions ------------------------------------------------------------------------

    public Task<Object> defineTask(String name, Value options, Value fn, Value params, Value cacheKeyFn) {
        context.registerTask(name, fn, cacheKeyFn);
        boolean cached = cacheKeyFn != null && !cacheKeyFn.isNull();
        return module.defineTask(name, options(options), parameters(params), cached);
    }

    public Flow<Object> defineFlow(String name, Value options, Value fn, Value params) {
        context.registerFlow(name, fn);
        return module.defineFlow(name, options(options), parameters(params));
    }

    /** A test of a test file ({@code testing.test(name, fn)}); run by {@code orion test}. */
    public void defineTest(String name, Value fn) {
        if (!fn.canExecute()) {
            throw new IllegalArgumentException("test '" + name + "' needs a function: test(name, () => { ... })");
        }
        context.registerTest(name, fn);
        module.defineTest(name);
    }

    // ---- testing: flows run on temporary stores ---------------------------------------------

    /** A fresh Orion on a temporary store, for a test; close it with {@link #closeTrial}. */
    public FlowTrials.Trial openTrial() {
        return module.host().trials().orElseThrow(() -> new IllegalStateException(
                "testing runs flows only under 'orion test FILE'; run this script with orion test")).open();
    }

    /** Runs a flow with named parameters on the trial's store; what it did, as JSON. */
    public String runTrial(FlowTrials.Trial trial, Flow<Object> flow, Value parameters) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (parameters != null && !parameters.isNull()
                && GuestValues.toJava(parameters, context.javascript()) instanceof Map<?, ?> given) {
            given.forEach((k, v) -> params.put(String.valueOf(k), v));
        }
        return GuestValues.json(trial.runFlow(flow, params));
    }

    public void advanceTrial(FlowTrials.Trial trial, double seconds) {
        trial.advance(seconds(seconds));
    }

    public void closeTrial(FlowTrials.Trial trial) {
        trial.close();
    }

    /** Lets {@code FILE:alias} (a Python function's name, as Prefect's entrypoints give it) select a flow. */
    public void flowAlias(String alias, String flowName) {
        module.alias(alias, flowName);
    }

    // ---- calling ----------------------------------------------------------------------------

    public String call(Task<Object> task, Value args) {
        return GuestValues.json(task.call(args(args)));
    }

    public TaskFuture<Object> submit(Task<Object> task, Value args) {
        return task.submit(args(args));
    }

    public List<TaskFuture<Object>> map(Task<Object> task, Value args) {
        return task.map(args(args));
    }

    public Task<Object> waitFor(Task<Object> task, Value futures) {
        List<TaskFuture<?>> list = new ArrayList<>();
        for (Object f : args(futures)) {
            if (!(f instanceof TaskFuture<?> future)) {
                throw new IllegalArgumentException("waitFor takes task futures, got " + f);
            }
            list.add(future);
        }
        return task.waitFor(list);
    }

    public String callFlow(Flow<Object> flow, Value args) {
        return GuestValues.json(flow.call(args(args)));
    }

    public String result(TaskFuture<?> future, double timeoutSeconds) {
        return GuestValues.json(timeoutSeconds < 0 ? future.result() : future.result(seconds(timeoutSeconds)));
    }

    public String waitState(TaskFuture<?> future, double timeoutSeconds) {
        Duration timeout = timeoutSeconds < 0 ? Duration.ofDays(3650) : seconds(timeoutSeconds);
        return future.wait(timeout).map(GuestBridge::stateJson).orElse(null);
    }

    public String state(TaskFuture<?> future) {
        return stateJson(future.state());
    }

    public void sleep(double millis) throws InterruptedException {
        Thread.sleep(Math.round(millis));
    }

    public void log(String level, String message) {
        var logger = RunScopes.current().map(s -> s.logger()).orElse(null);
        if (logger == null) {
            System.err.println(message);
            return;
        }
        switch (level) {
            case "DEBUG" -> logger.debug(message);
            case "WARN" -> logger.warn(message);
            case "ERROR" -> logger.error(message);
            default -> logger.info(message);
        }
    }

    /** The current run's name. */
    public String runName() {
        return RunScopes.require("a run's name").runName();
    }

    /** Renames the current run (a Prefect run name template rendered). */
    public void rename(String name) {
        RunScopes.require("renaming a run").rename(name);
    }

    /** The current task attempt's failure is final: no retry (Prefect's retry_condition_fn said no). */
    public void failWithoutRetry() {
        RunScopes.require("refusing a retry").failWithoutRetry();
    }

    /**
     * Whether the current flow run is being cancelled. If it is, the interrupt that stopped the
     * flow's code is cleared from this thread, so that its cancellation hooks can write files.
     */
    public boolean cancelRequested() {
        boolean cancelling = RunScopes.current().map(s -> s.cancelRequested()).orElse(false);
        if (cancelling) {
            Thread.interrupted();
        }
        return cancelling;
    }

    /** The value of a variable, or null when it is not set. */
    public String variable(String name) {
        return Variables.get(name).orElse(null);
    }

    /** Takes slots of a global concurrency limit, waiting while it is full; closing the answer frees them. */
    public Concurrency.Slots occupy(String name, int slots) {
        return Concurrency.occupy(name, slots);
    }

    /** Takes slots of every named global limit, all or none, waiting while one is full; closing the answer frees them. */
    public Concurrency.Slots occupyAll(Value names, int slots) {
        return Concurrency.occupy(strings(names), slots, Concurrency.DEFAULT_TIMEOUT);
    }

    /** Waits for slots of every named rate limit (limits with slot decay). */
    public void rateLimitAll(Value names, int slots) {
        Concurrency.rateLimit(strings(names), slots, Concurrency.DEFAULT_TIMEOUT);
    }

    private static List<String> strings(Value array) {
        List<String> out = new ArrayList<>();
        for (long i = 0; i < array.getArraySize(); i++) {
            out.add(array.getArrayElement(i).asString());
        }
        return out;
    }

    /** Waits for slots of a rate limit (a limit with slot decay). */
    public void rateLimit(String name, int slots) {
        Concurrency.rateLimit(List.of(name), slots, Concurrency.DEFAULT_TIMEOUT);
    }

    /** The value of a secret; masked in the run's logs and results from then on. */
    public String secret(String name) {
        return Secrets.get(name);
    }

    /** Publishes a markdown artifact of the current run; answers its id. Key and description may be null. */
    public String markdownArtifact(String markdown, String key, String description) {
        return Artifacts.markdown(key, markdown, description).toString();
    }

    /** Publishes a table artifact (rows of objects or of lists, or an object of columns); answers its id. */
    public String tableArtifact(Value table, String key, String description) {
        return RunScopes.require("createTableArtifact()").createArtifact("table", key, description,
                GuestValues.toJava(table, true)).toString();
    }

    /** Publishes a link artifact (markdown {@code [text](link)}); answers its id. */
    public String linkArtifact(String link, String text, String key, String description) {
        return Artifacts.link(key, link, text, description).toString();
    }

    /** The tasks and flows of another script, relative to this one's folder. */
    public ProxyObject importScript(String path) {
        Path dir = module.file().toAbsolutePath().getParent();
        Path target = dir.resolve(path).normalize();
        ScriptModule other = module.host().load(target);
        List<Object> tasks = new ArrayList<>();
        for (ScriptTask t : other.tasks()) {
            tasks.add(ProxyObject.fromMap(new LinkedHashMap<>(Map.of("task", t.task(), "params", params(t.params())))));
        }
        List<Object> flows = new ArrayList<>();
        for (ScriptFlow f : other.flows()) {
            flows.add(ProxyObject.fromMap(new LinkedHashMap<>(Map.of("flow", f.flow(), "params", params(f.params())))));
        }
        return ProxyObject.fromMap(new LinkedHashMap<>(Map.of("tasks", ProxyArray.fromList(tasks),
                "flows", ProxyArray.fromList(flows))));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static ProxyArray params(List<ScriptParameter> params) {
        List<Object> out = new ArrayList<>();
        for (ScriptParameter p : params) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("hasDefault", p.hasDefault());
            m.put("default", GuestValues.toGuestScalar(p.defaultValue()));
            out.add(ProxyObject.fromMap(m));
        }
        return ProxyArray.fromList(out);
    }

    private Object[] args(Value args) {
        return GuestValues.toJavaArgs(args, context.javascript());
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static String stateJson(State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.type().name());
        m.put("name", s.name());
        m.put("message", s.message());
        return GuestValues.json(m);
    }

    /** Options by normalized key (lower case, no underscores); function values are left out. */
    private static Map<String, Object> options(Value v) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.hasHashEntries()) {
            Value it = v.getHashEntriesIterator();
            while (it.hasIteratorNextElement()) {
                Value e = it.getIteratorNextElement();
                put(out, e.getArrayElement(0).toString(), e.getArrayElement(1));
            }
        } else if (v.hasMembers()) {
            for (String key : v.getMemberKeys()) {
                put(out, key, v.getMember(key));
            }
        }
        return out;
    }

    private static void put(Map<String, Object> out, String key, Value value) {
        if (!value.canExecute()) {
            out.put(key.replace("_", "").toLowerCase(Locale.ROOT), GuestValues.toJava(value, true));
        }
    }

    private List<ScriptParameter> parameters(Value params) {
        List<ScriptParameter> out = new ArrayList<>();
        for (long i = 0; i < params.getArraySize(); i++) {
            Value p = params.getArrayElement(i);
            String name = field(p, "name").asString();
            boolean hasDefault = field(p, "hasDefault").asBoolean();
            Value def = field(p, "default");
            Value type = field(p, "type");
            Class<?> javaType = type != null && type.isString() ? pythonType(type.asString())
                    : hasDefault && def != null ? typeOf(def) : Object.class;
            Object defaultValue = hasDefault && def != null && !def.canExecute() ? GuestValues.toJava(def, true) : null;
            out.add(new ScriptParameter(name, javaType, hasDefault, defaultValue));
        }
        return out;
    }

    private static Value field(Value obj, String key) {
        if (obj.hasHashEntries()) {
            return obj.hasHashEntry(key) ? obj.getHashValue(key) : null;
        }
        return obj.hasMember(key) ? obj.getMember(key) : null;
    }

    private static Class<?> pythonType(String name) {
        return switch (name) {
            case "int" -> Long.class;
            case "float" -> Double.class;
            case "str" -> String.class;
            case "bool" -> Boolean.class;
            case "list" -> List.class;
            case "dict" -> Map.class;
            default -> Object.class;
        };
    }

    private static Class<?> typeOf(Value v) {
        if (v.isNull()) {
            return Object.class;
        }
        if (v.isBoolean()) {
            return Boolean.class;
        }
        if (v.isString()) {
            return String.class;
        }
        if (v.isNumber()) {
            return v.fitsInLong() ? Long.class : Double.class;
        }
        if (v.hasArrayElements()) {
            return List.class;
        }
        if (v.hasMembers() || v.hasHashEntries()) {
            return Map.class;
        }
        return Object.class;
    }
}
