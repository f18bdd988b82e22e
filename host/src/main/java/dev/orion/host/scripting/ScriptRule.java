package dev.orion.host.scripting;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.RulePosition;
import dev.orion.api.orchestration.TransitionContext;
import dev.orion.host.orchestration.RuleAbstainedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * An orchestration rule defined by a script: the object a script passes to {@code rule(...)}.
 * Its hooks run in the script's own polyglot context, one call at a time (a context serves
 * one thread at a time). A hook that throws surfaces as a Java exception with the script's
 * message, so the orchestrator aborts the transition with the rule's name and that message. A
 * hook still running after its time limit is interrupted and the rule abstains
 * ({@link RuleAbstainedException}): the proposal is decided as if it had no objection, and the
 * decision log says why. Thread-safe.
 */
final class ScriptRule extends AbstractOrchestrationRule {

    /** Interrupts hooks past their time limit; one daemon thread for every rule. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orion-rule-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final Context context;
    private final Duration timeLimit;
    private final RulePosition position;
    private final Value before;
    private final Value after;
    private final Value cleanup;

    ScriptRule(Path file, Context context, Value spec, Duration timeLimit) {
        String name = string(spec, "name", null);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the rule needs a name: rule({name: \"MyRule\", ...})");
        }
        Set<StateType> fromTypes = EnumSet.noneOf(StateType.class);
        boolean fromNoState = types(member(spec, "from"), fromTypes);
        Set<StateType> toTypes = EnumSet.noneOf(StateType.class);
        types(member(spec, "to"), toTypes);
        super(name, string(spec, "description", ""), kinds(member(spec, "runKinds")), fromTypes, fromNoState, toTypes);
        this.file = file;
        this.context = context;
        this.timeLimit = timeLimit;
        this.position = position(member(spec, "position"));
        this.before = function(spec, "before");
        this.after = function(spec, "after");
        this.cleanup = function(spec, "cleanup");
        if (before == null && after == null && cleanup == null) {
            throw new IllegalArgumentException("rule '" + name + "' has no hook: give it before(ctx), after(ctx) or cleanup(ctx)");
        }
    }

    @Override
    public RulePosition position() {
        return position;
    }

    Path file() {
        return file;
    }

    @Override
    public void beforeTransition(TransitionContext ctx) {
        call(before, ctx);
    }

    @Override
    public void afterTransition(TransitionContext ctx) {
        call(after, ctx);
    }

    @Override
    public void cleanup(TransitionContext ctx) {
        call(cleanup, ctx);
    }

    private void call(Value hook, TransitionContext ctx) {
        if (hook == null) {
            return;
        }
        synchronized (context) {
            ScriptRuleContext scriptCtx = new ScriptRuleContext(ctx, ScriptRule::setting);
            AtomicBoolean cutOff = new AtomicBoolean();
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                cutOff.set(true);
                try {
                    context.interrupt(Duration.ofSeconds(10));
                } catch (TimeoutException | RuntimeException e) {
                    // it ended by itself, or the context is closing
                }
            }, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
            try {
                hook.execute(scriptCtx);
            } catch (PolyglotException e) {
                if (cutOff.get() || e.isInterrupted() || e.isCancelled()) {
                    throw new RuleAbstainedException("its hook ran past the time limit of " + timeLimit.toMillis()
                            + " ms and was stopped; decided as if it had no objection (ORION_RULES_TIME_LIMIT)");
                }
                if (e.isHostException()) {
                    Throwable host = e.asHostException();
                    throw new IllegalStateException(host.getMessage() == null ? host.toString() : host.getMessage(), host);
                }
                String where = e.getSourceLocation() == null ? file.getFileName().toString()
                        : file.getFileName() + ":" + e.getSourceLocation().getStartLine();
                throw new IllegalStateException(e.getMessage() + " (" + where + ")");
            } finally {
                watchdog.cancel(false);
            }
            scriptCtx.apply();
        }
    }

    private static String setting(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }

    void close() {
        synchronized (context) {
            context.close(true);
        }
    }

    // ---- reading the script's object (a JS object or a Python dict) -----------------------

    static Value member(Value obj, String key) {
        Value v;
        if (obj.hasHashEntries()) {
            v = obj.hasHashEntry(key) ? obj.getHashValue(key) : null;
        } else {
            v = obj.hasMember(key) ? obj.getMember(key) : null;
        }
        return v == null || v.isNull() ? null : v;
    }

    private static String string(Value spec, String key, String fallback) {
        Value v = member(spec, key);
        return v == null ? fallback : v.isString() ? v.asString() : v.toString();
    }

    private static Value function(Value spec, String key) {
        Value v = member(spec, key);
        if (v == null) {
            return null;
        }
        if (!v.canExecute()) {
            throw new IllegalArgumentException("'" + key + "' must be a function of the transition, got " + v);
        }
        return v;
    }

    private static Set<RunKind> kinds(Value v) {
        if (v == null) {
            return Set.of(RunKind.FLOW);
        }
        Set<RunKind> out = EnumSet.noneOf(RunKind.class);
        for (String s : strings(v)) {
            out.add(switch (s.toLowerCase(Locale.ROOT)) {
                case "flow" -> RunKind.FLOW;
                case "task" -> RunKind.TASK;
                default -> throw new IllegalArgumentException("runKinds: '" + s + "' is not \"flow\" or \"task\"");
            });
        }
        return Set.copyOf(out);
    }

    /** Fills {@code into} with the listed state types; returns whether "NONE" (no state yet) was listed. */
    private static boolean types(Value v, Set<StateType> into) {
        if (v == null) {
            into.addAll(StateType.ALL);
            return false;
        }
        boolean none = false;
        for (String s : strings(v)) {
            String t = s.toUpperCase(Locale.ROOT);
            switch (t) {
                case "NONE" -> none = true;
                case "ALL" -> into.addAll(StateType.ALL);
                case "TERMINAL" -> into.addAll(StateType.TERMINAL);
                default -> {
                    try {
                        into.add(StateType.valueOf(t));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("'" + s + "' is not a state type; use NONE, ALL, TERMINAL or "
                                + EnumSet.allOf(StateType.class));
                    }
                }
            }
        }
        return none;
    }

    private static List<String> strings(Value v) {
        if (v.isString()) {
            return List.of(v.asString());
        }
        if (v.hasArrayElements()) {
            List<String> out = new ArrayList<>();
            for (long i = 0; i < v.getArraySize(); i++) {
                out.add(v.getArrayElement(i).asString());
            }
            return out;
        }
        throw new IllegalArgumentException("expected a string or a list of strings, got " + v);
    }

    private static RulePosition position(Value v) {
        if (v == null) {
            return RulePosition.last();
        }
        if (v.isString()) {
            return switch (v.asString().toLowerCase(Locale.ROOT)) {
                case "first" -> RulePosition.first();
                case "last" -> RulePosition.last();
                default -> throw new IllegalArgumentException("position: \"first\", \"last\", {before: \"Rule\"} or "
                        + "{after: \"Rule\"}, got \"" + v.asString() + "\"");
            };
        }
        Value before = member(v, "before");
        if (before != null) {
            return RulePosition.before(before.asString());
        }
        Value after = member(v, "after");
        if (after != null) {
            return RulePosition.after(after.asString());
        }
        throw new IllegalArgumentException("position: \"first\", \"last\", {before: \"Rule\"} or {after: \"Rule\"}, got " + v);
    }
}
