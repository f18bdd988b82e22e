package dev.orion.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The nine kinds of state a flow run or task run can be in, as in Prefect 2.
 *
 * <p>The usual life of a run, which orchestration rules narrow but never widen:
 * <pre>
 *   (none) ─► SCHEDULED ─► PENDING ─► RUNNING ─► COMPLETED
 *                 ▲                     │  │  └─► FAILED ──(retry)──► SCHEDULED "AwaitingRetry"
 *                 │                     │  └────► CRASHED
 *                 └──── PAUSED ◄────────┘
 *   any non-terminal ─► CANCELLING ─► CANCELLED
 * </pre>
 * {@link #TERMINAL} holds the four end states; a run leaves one only when it is
 * explicitly re-run (a flow retry re-running its tasks, {@code flow-run retry}).
 */
public enum StateType {
    SCHEDULED, PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, CRASHED, PAUSED, CANCELLING;

    /** The end states: COMPLETED, FAILED, CANCELLED, CRASHED. */
    public static final Set<StateType> TERMINAL =
            Set.copyOf(EnumSet.of(COMPLETED, FAILED, CANCELLED, CRASHED));

    /** Every state type. */
    public static final Set<StateType> ALL = Set.copyOf(EnumSet.allOf(StateType.class));

    /** Whether a run in this state has finished. */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Every type except the given ones. */
    public static Set<StateType> allExcept(StateType... excluded) {
        EnumSet<StateType> set = EnumSet.allOf(StateType.class);
        for (StateType t : excluded) {
            set.remove(t);
        }
        return Set.copyOf(set);
    }

    /** Parses a type name case-insensitively, with a message that lists the valid names. */
    public static StateType parse(String name) {
        for (StateType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown state type '" + name + "'; expected one of "
                + Arrays.toString(values()));
    }
}
