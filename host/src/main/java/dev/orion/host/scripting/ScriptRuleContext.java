package dev.orion.host.scripting;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.TransitionContext;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.graalvm.polyglot.HostAccess;

/**
 * A transition as a script rule's hooks see it ({@code ctx} in {@code before(ctx)}): plain
 * strings and numbers to read, and the actions of a Java rule. It is all a script can reach:
 * rule contexts are built with {@link HostAccess#EXPLICIT}, so only the methods marked
 * {@link HostAccess.Export} here are callable (no {@code getClass()}, no Java objects behind them),
 * and {@link #setting} reads only settings named {@code ORION_RULE_*}. Actions are kept until the
 * hook returns ({@link #apply()}), so a hook cut off by its time limit leaves the transition as it
 * found it. Belongs to one proposal; not thread-safe.
 */
public final class ScriptRuleContext {

    /** The prefix of the settings a rule may read: never the API key, the database URL or other secrets. */
    public static final String SETTING_PREFIX = "ORION_RULE_";

    private final TransitionContext ctx;
    private final UnaryOperator<String> settings;
    private final List<Consumer<TransitionContext>> actions = new ArrayList<>();

    /** @param settings looks a setting up by name (system property, else environment); null when unset */
    ScriptRuleContext(TransitionContext ctx, UnaryOperator<String> settings) {
        this.ctx = ctx;
        this.settings = settings;
    }

    /** Carries out the actions the hook asked for, in order. */
    void apply() {
        actions.forEach(a -> a.accept(ctx));
    }

    /** {@code "flow"} or {@code "task"}. */
    @HostAccess.Export
    public String kind() {
        return ctx.run().kind().name().toLowerCase(Locale.ROOT);
    }

    @HostAccess.Export
    public String runName() {
        return ctx.run().name();
    }

    @HostAccess.Export
    public String flowName() {
        return ctx.run().flowName();
    }

    /** For a task run, its task's key; null for a flow run. */
    @HostAccess.Export
    public String taskKey() {
        return ctx.run().taskKey();
    }

    @HostAccess.Export
    public List<String> tags() {
        return ctx.run().tags().stream().sorted().toList();
    }

    @HostAccess.Export
    public boolean hasTag(String tag) {
        return ctx.run().tags().contains(tag);
    }

    /** How many times the run has entered Running. */
    @HostAccess.Export
    public int runCount() {
        return ctx.run().runCount();
    }

    /** The type of the run's current state ({@code "SCHEDULED"}, ...), or null for a new run. */
    @HostAccess.Export
    public String from() {
        return ctx.initialState().map(s -> s.type().name()).orElse(null);
    }

    /** The type of the proposed state, or null once a rule took it away. */
    @HostAccess.Export
    public String to() {
        return ctx.proposedState().map(s -> s.type().name()).orElse(null);
    }

    /** The name of the proposed state ({@code "Running"}, {@code "Retrying"}, ...), or null. */
    @HostAccess.Export
    public String proposedName() {
        return ctx.proposedState().map(State::name).orElse(null);
    }

    /** The time of the proposal, in milliseconds since the epoch. */
    @HostAccess.Export
    public long nowMillis() {
        return ctx.now().toEpochMilli();
    }

    /** The time of the proposal as ISO-8601, e.g. {@code 2026-01-05T09:30:00Z}. */
    @HostAccess.Export
    public String now() {
        return ctx.now().toString();
    }

    /** The local time of the proposal in a zone ({@code "Europe/Paris"}, {@code "UTC"}), as {@code HH:mm}. */
    @HostAccess.Export
    public String localTime(String zone) {
        ZonedDateTime t = ctx.now().atZone(ZoneId.of(zone));
        return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    }

    /** The ISO day of week of the proposal in a zone: 1 Monday ... 7 Sunday. */
    @HostAccess.Export
    public int dayOfWeek(String zone) {
        return ctx.now().atZone(ZoneId.of(zone)).getDayOfWeek().getValue();
    }

    /**
     * A setting named {@code ORION_RULE_*}: the system property, else the environment variable of that
     * name, else {@code fallback}. Any other name is refused, so a rule file cannot read secrets.
     */
    @HostAccess.Export
    public String setting(String name, String fallback) {
        if (name == null || !name.startsWith(SETTING_PREFIX)) {
            throw new IllegalArgumentException("a rule may read only settings named " + SETTING_PREFIX + "*, not '" + name
                    + "'; rename the setting, e.g. " + SETTING_PREFIX + (name == null ? "NAME" : name.replaceFirst("^ORION_", "")));
        }
        String v = settings.apply(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Writes a state of {@code type} (e.g. {@code "CANCELLED"}) with {@code reason} as its message instead. */
    @HostAccess.Export
    public void reject(String type, String reason) {
        State state = State.of(StateType.valueOf(type.toUpperCase(Locale.ROOT))).withMessage(reason);
        actions.add(c -> c.reject(state, reason));
    }

    /** Writes nothing; the run keeps its current state. */
    @HostAccess.Export
    public void rejectKeepCurrent(String reason) {
        actions.add(c -> c.rejectKeepCurrent(reason));
    }

    /** Tells the proposer to try again in {@code seconds}. */
    @HostAccess.Export
    public void delay(double seconds, String reason) {
        actions.add(c -> c.delay(seconds, reason));
    }

    /** Tells the proposer to stop. */
    @HostAccess.Export
    public void abort(String reason) {
        actions.add(c -> c.abort(reason));
    }

    /** Gives the proposed state another name, keeping its type. */
    @HostAccess.Export
    public void rename(String name) {
        actions.add(c -> c.renameProposed(name));
    }
}
