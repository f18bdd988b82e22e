package dev.orion.host.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The orchestrator's meters, on Micrometer's global registry (a no-op until a registry such as
 * the server's Prometheus one is added to it): transitions by run kind, from/to state type and
 * decision; how long a proposal took to decide; how late a run started after its scheduled time.
 * Counters are looked up once per combination and kept, so a decision costs an array read and an
 * increment. Thread-safe.
 */
final class TransitionMeters {

    static final String TRANSITIONS = "orion.transitions";
    static final String DECISION = "orion.proposal.decision";
    static final String START_LAG = "orion.run.start.lag";

    private static final RunKind[] KINDS = RunKind.values();
    private static final StateType[] TYPES = StateType.values();
    private static final ResultStatus[] STATUSES = ResultStatus.values();
    /** Index: kind, from (0 = no state), to, status. */
    private static final AtomicReferenceArray<Counter> COUNTERS =
            new AtomicReferenceArray<>(KINDS.length * (TYPES.length + 1) * TYPES.length * STATUSES.length);
    private static final Timer[] DECISIONS = new Timer[KINDS.length];
    private static final Timer[] LAGS = new Timer[KINDS.length];

    static {
        for (RunKind k : KINDS) {
            DECISIONS[k.ordinal()] = Timer.builder(DECISION)
                    .description("Time from a proposed state to the orchestrator's decision, stored")
                    .tag("kind", label(k)).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10))
                    .register(Metrics.globalRegistry);
            LAGS[k.ordinal()] = Timer.builder(START_LAG)
                    .description("Time from a run's expected (scheduled) start to the moment it started running")
                    .tag("kind", label(k)).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                    .register(Metrics.globalRegistry);
        }
    }

    private TransitionMeters() {
    }

    static void transition(RunKind kind, StateType from, StateType to, ResultStatus status) {
        int i = ((kind.ordinal() * (TYPES.length + 1) + (from == null ? 0 : from.ordinal() + 1)) * TYPES.length
                + to.ordinal()) * STATUSES.length + status.ordinal();
        Counter c = COUNTERS.get(i);
        if (c == null) {
            c = Counter.builder(TRANSITIONS)
                    .description("State transitions proposed, by run kind, from and to state type and decision")
                    .tag("kind", label(kind)).tag("from", from == null ? "none" : from.name())
                    .tag("to", to.name()).tag("decision", status.name())
                    .register(Metrics.globalRegistry);
            COUNTERS.set(i, c);
        }
        c.increment();
    }

    static void decided(RunKind kind, long startNanos) {
        DECISIONS[kind.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    static void started(RunKind kind, Duration lag) {
        LAGS[kind.ordinal()].record(lag.isNegative() ? Duration.ZERO : lag);
    }

    private static String label(RunKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
