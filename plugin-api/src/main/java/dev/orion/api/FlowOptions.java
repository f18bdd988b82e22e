package dev.orion.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options of a {@link Flow}; set them with the flow's {@code withX} methods.
 *
 * @param name               the flow's name
 * @param description        what it does; may be null
 * @param version            its version; may be null
 * @param retries            how many times a failed run is retried
 * @param retryDelays        the delay before each retry; the last is reused
 * @param retryJitterFactor  randomizes each delay by up to this factor; null for none
 * @param timeout            a run longer than this is interrupted and ends TimedOut; null for none
 * @param tags               tags given to each flow run
 * @param taskRunner         how submitted tasks run
 * @param validateParameters convert arguments to the declared parameter types, failing early if they do not fit
 * @param persistResult      store the flow's result as JSON (default true)
 * @param logPrints          send {@code System.out} lines printed by the flow's code to its run log
 * @param resultStorage      the name of the {@link ResultStorage} its results go to; null for the default
 */
public record FlowOptions(
        String name,
        String description,
        String version,
        int retries,
        List<Duration> retryDelays,
        Double retryJitterFactor,
        Duration timeout,
        Set<String> tags,
        TaskRunnerSpec taskRunner,
        boolean validateParameters,
        boolean persistResult,
        boolean logPrints,
        String resultStorage) {

    public FlowOptions {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a flow needs a name, got a blank one");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        }
        retryDelays = retryDelays == null ? List.of() : List.copyOf(retryDelays);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        taskRunner = taskRunner == null ? TaskRunnerSpec.concurrent() : taskRunner;
        if (resultStorage != null && (resultStorage.isBlank() || resultStorage.contains(":"))) {
            throw new IllegalArgumentException("a result storage name is a word without ':', got '" + resultStorage + "'");
        }
    }

    static FlowOptions named(String name) {
        return new FlowOptions(name, null, null, 0, List.of(), null, null, Set.of(), TaskRunnerSpec.concurrent(),
                true, true, false, null);
    }

    /** A copy with changes made to a mutable form of these options. */
    FlowOptions with(Consumer<Mutable> change) {
        Mutable m = new Mutable();
        m.name = name;
        m.description = description;
        m.version = version;
        m.retries = retries;
        m.retryDelays = retryDelays;
        m.retryJitterFactor = retryJitterFactor;
        m.timeout = timeout;
        m.tags = tags;
        m.taskRunner = taskRunner;
        m.validateParameters = validateParameters;
        m.persistResult = persistResult;
        m.logPrints = logPrints;
        m.resultStorage = resultStorage;
        change.accept(m);
        return new FlowOptions(m.name, m.description, m.version, m.retries, m.retryDelays, m.retryJitterFactor,
                m.timeout, m.tags, m.taskRunner, m.validateParameters, m.persistResult, m.logPrints, m.resultStorage);
    }

    static final class Mutable {
        String name;
        String description;
        String version;
        int retries;
        List<Duration> retryDelays;
        Double retryJitterFactor;
        Duration timeout;
        Set<String> tags;
        TaskRunnerSpec taskRunner;
        boolean validateParameters;
        boolean persistResult;
        boolean logPrints;
        String resultStorage;
    }
}
