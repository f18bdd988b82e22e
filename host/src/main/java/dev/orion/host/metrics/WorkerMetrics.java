package dev.orion.host.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker's own meters: flow runs it started and how each ended ({@code orion.worker.runs} by
 * outcome: the final state type, or {@code not_run} when it could not run one), how many it
 * executes now and its limit. Thread-safe.
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final String worker;
    private final Set<UUID> executing = ConcurrentHashMap.newKeySet();

    public WorkerMetrics(String worker, int limit) {
        this.registry = OrionMetrics.registry();
        this.worker = worker;
        Gauge.builder("orion.worker.runs.executing", executing, Set::size)
                .description("Flow runs this worker executes now").tag("worker", worker).register(registry);
        Gauge.builder("orion.worker.runs.limit", () -> limit)
                .description("How many flow runs this worker executes at most at once").tag("worker", worker)
                .register(registry);
    }

    public void started(UUID flowRunId) {
        executing.add(flowRunId);
        count("started");
    }

    /** A run it executed ended in the given state type ({@code COMPLETED}, {@code FAILED}...). */
    public void finished(UUID flowRunId, String stateType) {
        executing.remove(flowRunId);
        count(stateType.toLowerCase(Locale.ROOT));
    }

    /** A run it claimed could not be executed (its flow was not found, say); it is marked Crashed. */
    public void notRun(UUID flowRunId) {
        executing.remove(flowRunId);
        count("not_run");
    }

    private void count(String outcome) {
        Counter.builder("orion.worker.runs").description("Flow runs this worker took, by what became of them")
                .tag("worker", worker).tag("outcome", outcome).register(registry).increment();
    }
}
