package dev.orion.api;

import java.util.Locale;
import java.util.Set;

/** Whether a run is a flow run or a task run. */
public enum RunKind {
    FLOW, TASK;

    /** Both kinds. */
    public static final Set<RunKind> BOTH = Set.of(FLOW, TASK);

    /** "flow" or "task", as the CLI and API spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
