package dev.orion.api.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * A rule of an orchestration policy: it sees every proposed transition of the runs and
 * states it covers and may change the outcome. One instance serves every transition, on
 * many threads: keep per-transition data in {@link TransitionContext#ruleData()}.
 *
 * <p>Rules nest as in Prefect 2. For a proposal from state type A to B, the policy takes the
 * rules that cover A→B, in order. Each one's {@link #beforeTransition} runs unless an earlier
 * rule already changed the proposal's types. After the outcome is written, the entered rules
 * are left in reverse order: {@link #afterTransition} if the transition is still A→B, else
 * {@link #cleanup} (the rule "fizzled": a later rule, or itself, changed it). An exception
 * thrown by {@code beforeTransition} aborts the transition with the rule's name and message.
 */
public interface OrchestrationRule extends ExtensionPoint {

    /** A unique name, shown in the policy and the decision log. */
    String name();

    /** One sentence on what the rule does. */
    default String description() {
        return "";
    }

    /** The kinds of run the rule applies to. */
    Set<RunKind> runKinds();

    /** The state types the rule covers transitions from. */
    Set<StateType> fromStates();

    /** Whether the rule also covers a run's first state (a transition from no state). */
    default boolean fromNoState() {
        return false;
    }

    /** The state types the rule covers transitions to. */
    Set<StateType> toStates();

    /**
     * Whether the rule runs on every transition regardless of its types and of what earlier
     * rules decided (Prefect's universal transforms); it then never fizzles.
     */
    default boolean universal() {
        return false;
    }

    /** Where a rule from a plugin or a script goes in its policy. Core rules ignore it. */
    default RulePosition position() {
        return RulePosition.last();
    }

    /** Whether the rule covers a transition between these types ({@code from} null for no state). */
    default boolean covers(StateType from, StateType to) {
        if (universal()) {
            return true;
        }
        boolean fromOk = from == null ? fromNoState() : fromStates().contains(from);
        return fromOk && to != null && toStates().contains(to);
    }

    /** Before the state is written: may reject, delay, abort or rename the proposed state. */
    void beforeTransition(TransitionContext context) throws Exception;

    /** After the state is written, if the transition kept the types this rule saw. */
    default void afterTransition(TransitionContext context) {
    }

    /** After the outcome, if it no longer matches what this rule saw: undo its bookkeeping. */
    default void cleanup(TransitionContext context) {
    }
}
