package dev.orion.host.logging;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The MDC keys that tie a process's log lines to runs and workers, and a scope that sets them
 * on the current thread and puts back what was there when it closes (a subflow inside a flow,
 * a task on the flow's thread).
 */
public final class RunContextLog implements AutoCloseable {

    public static final String FLOW_RUN_ID = "flow_run_id";
    public static final String TASK_RUN_ID = "task_run_id";
    public static final String WORKER = "worker";

    private final Map<String, String> previous;

    private RunContextLog(Map<String, String> previous) {
        this.previous = previous;
    }

    /** Sets the entries (null values remove a key) until {@link #close()}. */
    public static RunContextLog with(Map<String, String> entries) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        entries.forEach((k, v) -> {
            if (v == null) {
                MDC.remove(k);
            } else {
                MDC.put(k, v);
            }
        });
        return new RunContextLog(before);
    }

    /** A flow run's (and, for a task run, its) id, plus whatever the context map carries (the worker). */
    public static RunContextLog forRun(Map<String, String> inherited, UUID flowRunId, UUID taskRunId) {
        Map<String, String> entries = new HashMap<>(inherited == null ? Map.of() : inherited);
        entries.put(FLOW_RUN_ID, flowRunId == null ? null : flowRunId.toString());
        entries.put(TASK_RUN_ID, taskRunId == null ? null : taskRunId.toString());
        return with(entries);
    }

    /** The current thread's MDC, to hand to threads the run starts (null when empty). */
    public static Map<String, String> capture() {
        return MDC.getCopyOfContextMap();
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(previous);
        }
    }
}
