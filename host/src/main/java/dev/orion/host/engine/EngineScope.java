package dev.orion.host.engine;

import dev.orion.api.RunKind;
import dev.orion.api.spi.RunScope;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.VariableRecord;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

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
    default Runnable occupy(List<String> names, int slots, boolean rateLimit, Duration timeout) {
        return engine().globalLimits().acquire(names, slots, rateLimit, timeout, flowRunId());
    }

    @Override
    default String runName() {
        return engine().orchestrator().readRun(taskRunId().orElse(flowRunId()), runKind()).map(RunRow::name)
                .orElse(null);
    }

    @Override
    default void rename(String name) {
        Objects.requireNonNull(name, "name");
        engine().orchestrator().updateRun(taskRunId().orElse(flowRunId()), runKind(), run -> {
            RunRow.Builder b = run.toBuilder();
            b.name = name;
            return b.build();
        });
    }

    private RunKind runKind() {
        return taskRunId().isPresent() ? RunKind.TASK : RunKind.FLOW;
    }

    @Override
    default Optional<String> secret(String name) {
        return engine().revealSecret(name);
    }

    @Override
    default UUID createArtifact(String type, String key, String description, Object data) {
        return engine().createArtifact(this, type, key, description, data);
    }
}
