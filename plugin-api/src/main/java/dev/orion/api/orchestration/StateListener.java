package dev.orion.api.orchestration;

import dev.orion.api.StateType;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * Told after every state the orchestrator writes: for notifications, metrics, audit.
 * Listeners are called on a thread of their own, in the order the states were written, so a
 * slow listener never slows orchestration; an exception is logged and the next change is
 * delivered as usual.
 */
public interface StateListener extends ExtensionPoint {

    /** A name for logs and {@code plugins ls}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The state types this listener wants to hear about; all by default. */
    default Set<StateType> stateTypes() {
        return StateType.ALL;
    }

    /** Called once per written state whose type is among {@link #stateTypes()}. */
    void onStateChange(StateChange change);
}
