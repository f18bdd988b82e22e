package dev.orion.host.engine;

import dev.orion.api.spi.RunScope;
import dev.orion.host.store.VariableRecord;
import java.util.Optional;

/** The engine's run scopes, with what {@link PrintCapture} needs to know. */
interface EngineScope extends RunScope {

    /** Whether lines printed to System.out in this scope go to the run's log. */
    boolean logPrints();

    /** The engine the run executes in. */
    FlowEngine engine();

    @Override
    default Optional<String> variable(String name) {
        return engine().variables().get(name).map(VariableRecord::value);
    }

    @Override
    default Runnable occupy(java.util.List<String> names, int slots, boolean rateLimit, java.time.Duration timeout) {
        return engine().globalLimits().acquire(names, slots, rateLimit, timeout, flowRunId());
    }

    @Override
    default void rename(String name) {
        java.util.Objects.requireNonNull(name, "name");
        dev.orion.api.RunKind kind = taskRunId().isPresent() ? dev.orion.api.RunKind.TASK : dev.orion.api.RunKind.FLOW;
        engine().orchestrator().updateRun(taskRunId().orElse(flowRunId()), kind, run -> {
            var b = run.toBuilder();
            b.name = name;
            return b.build();
        });
    }

    @Override
    default Optional<String> secret(String name) {
        return engine().revealSecret(name);
    }
}
