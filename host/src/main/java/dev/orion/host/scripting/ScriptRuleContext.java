package dev.orion.host.scripting;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.api.orchestration.TransitionContext;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * A transition as a script rule's hooks see it ({@code ctx} in {@code before(ctx)}): plain
 * strings and numbers to read, and the actions of a Java rule. Belongs to one proposal; not
 * thread-safe.
 */
public final class ScriptRuleContext {

    private final TransitionContext ctx;

    ScriptRuleContext(TransitionContext ctx) {
        this.ctx = ctx;
    }

    /** {@code "flow"} or {@code "task"}. */
    public String kind() {
        return ctx.run().kind().name().toLowerCase(Locale.ROOT);
    }

    public String runName() {
        return ctx.run().name();
    }

    public String flowName() {
        return ctx.run().flowName();
    }

    /** For a task run, its task's key; null for a flow run. */
    public String taskKey() {
        return ctx.run().taskKey();
    }

    public List<String> tags() {
        return ctx.run().tags().stream().sorted().toList();
    }

    public boolean hasTag(String tag) {
        return ctx.run().tags().contains(tag);
    }

    /** How many times the run has entered Running. */
    public int runCount() {
        return ctx.run().runCount();
    }

    /** The type of the run's current state ({@code "SCHEDULED"}, ...), or null for a new run. */
    public String from() {
        return ctx.initialState().map(s -> s.type().name()).orElse(null);
    }

    /** The type of the proposed state, or null once a rule took it away. */
    public String to() {
        return ctx.proposedState().map(s -> s.type().name()).orElse(null);
    }

    /** The name of the proposed state ({@code "Running"}, {@code "Retrying"}, ...), or null. */
    public String proposedName() {
        return ctx.proposedState().map(State::name).orElse(null);
    }

    /** The time of the proposal, in milliseconds since the epoch. */
    public long nowMillis() {
        return ctx.now().toEpochMilli();
    }

    /** The time of the proposal as ISO-8601, e.g. {@code 2026-01-05T09:30:00Z}. */
    public String now() {
        return ctx.now().toString();
    }

    /** The local time of the proposal in a zone ({@code "Europe/Paris"}, {@code "UTC"}), as {@code HH:mm}. */
    public String localTime(String zone) {
        ZonedDateTime t = ctx.now().atZone(ZoneId.of(zone));
        return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    }

    /** The ISO day of week of the proposal in a zone: 1 Monday ... 7 Sunday. */
    public int dayOfWeek(String zone) {
        return ctx.now().atZone(ZoneId.of(zone)).getDayOfWeek().getValue();
    }

    /** A setting: the system property, else the environment variable of that name, else {@code fallback}. */
    public String setting(String name, String fallback) {
        String v = System.getProperty(name);
        if (v == null) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Writes a state of {@code type} (e.g. {@code "CANCELLED"}) with {@code reason} as its message instead. */
    public void reject(String type, String reason) {
        ctx.reject(State.of(StateType.valueOf(type.toUpperCase(Locale.ROOT))).withMessage(reason), reason);
    }

    /** Writes nothing; the run keeps its current state. */
    public void rejectKeepCurrent(String reason) {
        ctx.rejectKeepCurrent(reason);
    }

    /** Tells the proposer to try again in {@code seconds}. */
    public void delay(double seconds, String reason) {
        ctx.delay(seconds, reason);
    }

    /** Tells the proposer to stop. */
    public void abort(String reason) {
        ctx.abort(reason);
    }

    /** Gives the proposed state another name, keeping its type. */
    public void rename(String name) {
        ctx.renameProposed(name);
    }

    /** The run as Java rules see it, for what the methods above do not cover. */
    public RunInfo run() {
        return ctx.run();
    }
}
