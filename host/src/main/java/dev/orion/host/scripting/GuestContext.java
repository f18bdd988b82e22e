package dev.orion.host.scripting;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One polyglot {@link Context} that has evaluated a module's script, with that context's own
 * registry of the script's task and flow functions by name (a function value belongs to its
 * context). Used by one thread at a time, except Python's, which GraalPy lets threads share
 * under its lock.
 */
final class GuestContext implements AutoCloseable {

    private static final Source DRAIN =
            Source.create("js", "undefined");

    private final PolyglotModule module;
    private final Context context;
    private final boolean javascript;
    private final Map<String, Value> taskFns = new ConcurrentHashMap<>();
    private final Map<String, Value> flowFns = new ConcurrentHashMap<>();
    private final Map<String, Value> cacheKeyFns = new ConcurrentHashMap<>();
    private final Map<String, Value> testFns = new ConcurrentHashMap<>();
    private Value parseJson;
    private Value invoke;

    GuestContext(PolyglotModule module, Context context, boolean javascript) {
        this.module = module;
        this.context = context;
        this.javascript = javascript;
    }

    Context context() {
        return context;
    }

    boolean javascript() {
        return javascript;
    }

    /** Sets the guest helpers: a JSON parser and, for Python, the call wrapper that runs coroutines. */
    void helpers(Value parseJson, Value invoke) {
        this.parseJson = parseJson;
        this.invoke = invoke;
    }

    void registerTask(String name, Value fn, Value cacheKeyFn) {
        taskFns.put(name, fn);
        if (cacheKeyFn != null && !cacheKeyFn.isNull()) {
            cacheKeyFns.put(name, cacheKeyFn);
        }
    }

    void registerFlow(String name, Value fn) {
        flowFns.put(name, fn);
    }

    void registerTest(String name, Value fn) {
        testFns.put(name, fn);
    }

    void invokeTest(String name) {
        call(lookup(testFns, name, "test"), new Object[0]);
    }

    Object invokeTask(String name, Object[] args) {
        return call(lookup(taskFns, name, "task"), args);
    }

    Object invokeFlow(String name, Object[] args) {
        return call(lookup(flowFns, name, "flow"), args);
    }

    String cacheKey(String name, List<Object> args) {
        Object key = call(lookup(cacheKeyFns, name, "cache key function of task"), args.toArray());
        return key == null ? null : String.valueOf(key);
    }

    private Value lookup(Map<String, Value> fns, String name, String what) {
        Value fn = fns.get(name);
        if (fn == null) {
            throw new ScriptError(what + " '" + name + "' is not defined when " + module.file() + " is evaluated; "
                    + "define tasks and flows at the top level of the script, so every worker context has them",
                    new StackTraceElement[0]);
        }
        return fn;
    }

    private Object call(Value fn, Object[] args) {
        Object[] guest = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            guest[i] = toGuest(args[i]);
        }
        try {
            Value result = javascript ? fn.execute(guest) : invoke.execute(fn, ProxyArray.fromArray(guest));
            if (javascript && isPromise(result)) {
                result = await(result);
            }
            return GuestValues.toJava(result, javascript);
        } catch (PolyglotException e) {
            throw GuestErrors.translate(e, module.file());
        }
    }

    private Object toGuest(Object value) {
        Object scalar = GuestValues.toGuestScalar(value);
        if (scalar != null || value == null) {
            return scalar;
        }
        return parseJson.execute(GuestValues.json(value));
    }

    private static boolean isPromise(Value v) {
        if (v == null || !v.hasMembers() || !v.canInvokeMember("then")) {
            return false;
        }
        Value meta = v.getMetaObject();
        return meta != null && "Promise".equals(meta.getMetaSimpleName());
    }

    /**
     * Waits for a promise the body returned. GraalJS runs pending jobs when the outermost call
     * into the context returns, so a promise whose awaits are on Orion futures (which block) or
     * settled values settles by the time {@code then} returns.
     */
    private Value await(Value promise) {
        Value[] settled = new Value[2];
        boolean[] done = new boolean[2];
        promise.invokeMember("then", (ProxyExecutable) a -> {
            settled[0] = a.length > 0 ? a[0] : null;
            done[0] = true;
            return null;
        }, (ProxyExecutable) a -> {
            settled[1] = a.length > 0 ? a[0] : null;
            done[1] = true;
            return null;
        });
        for (int i = 0; i < 3 && !done[0] && !done[1]; i++) {
            context.eval(DRAIN); // an outermost evaluation runs the context's pending promise jobs
        }
        if (done[0]) {
            return settled[0];
        }
        if (done[1]) {
            context.eval("js", "(e) => { throw e; }").execute(settled[1]);
        }
        throw new ScriptError("an async function in " + module.file() + " returned a promise that did not settle; "
                + "Orion awaits promises that wait on task futures or settled values", new StackTraceElement[0]);
    }

    @Override
    public void close() {
        context.close(true);
    }
}
