package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.CANCELLED;
import static dev.orion.api.StateType.CANCELLING;
import static dev.orion.api.StateType.COMPLETED;
import static dev.orion.api.StateType.CRASHED;
import static dev.orion.api.StateType.FAILED;
import static dev.orion.api.StateType.PAUSED;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.orchestration.rules.Expectation.aborts;
import static dev.orion.host.orchestration.rules.Expectation.accepts;
import static dev.orion.host.orchestration.rules.Expectation.rejectsTo;
import static dev.orion.host.orchestration.rules.Expectation.waits;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static dev.orion.host.testing.TransitionSpec.aTransition;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Prefect 2.20's core-policy test cases as data: each a single proposal through the whole core
 * policy of its run kind (flow or task) and what that policy decides. They run here through
 * {@link RuleHarness}; a store-backed test can run the same cases through the real orchestrator
 * by storing each spec's run, state, limits and cache entries and proposing its state.
 *
 * <p>Where a case would be decided by an earlier rule of the full policy than the one Prefect's
 * test isolates, the expectation is the full policy's (e.g. Cancelling → Pending is rejected by
 * EnforceCancellingToCancelledTransition before PreventPendingTransitions sees it).
 */
public final class CorePolicyCases {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private CorePolicyCases() {
    }

    /** Every case. */
    public static Stream<PolicyCase> all() {
        return Stream.of(waitForScheduledTime(), retries(), concurrency(), preventPending(), terminalStates(),
                cache(), duplicates(), pausing(), resuming(), lateMarking(), cancelling(), stoppedFlows(),
                reruns()).flatMap(s -> s);
    }

    public static Stream<PolicyCase> waitForScheduledTime() {
        List<PolicyCase> cases = new ArrayList<>();
        for (RunKind kind : RunKind.values()) {
            for (StateType from : List.of(SCHEDULED, PENDING)) {
                cases.add(of("starts when the scheduled time has passed",
                        aTransition(kind).from(from).scheduledIn(FIVE_MINUTES.negated()).to(RUNNING),
                        accepts(RUNNING)));
                cases.add(of("waits until a scheduled time five minutes ahead",
                        aTransition(kind).from(from).scheduledIn(FIVE_MINUTES).to(RUNNING),
                        waits(300).because("Scheduled time is in the future").by("WaitForScheduledTime")));
            }
            cases.add(of("ignores the scheduled time when not starting to run",
                    aTransition(kind).from(SCHEDULED).scheduledIn(FIVE_MINUTES).to(CANCELLED),
                    accepts(CANCELLED)));
        }
        return cases.stream();
    }

    public static Stream<PolicyCase> retries() {
        return Stream.of(
                of("retries a failed flow run within its retries",
                        aFlowTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(1),
                        rejectsTo(SCHEDULED).named("AwaitingRetry").because("Retrying").by("RetryFailedFlows")),
                of("fails a flow run whose retries are spent",
                        aFlowTransition().from(RUNNING).to(FAILED).withRunCount(2).withRetries(1),
                        accepts(FAILED)),
                of("schedules a flow retry after its delay",
                        aFlowTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(3).withRetryDelays(10.0),
                        rejectsTo(SCHEDULED).named("AwaitingRetry").scheduledIn(10)),
                of("retries a failed task run within its retries",
                        aTaskTransition().from(RUNNING).to(FAILED).withRunCount(2).withRetries(2),
                        rejectsTo(SCHEDULED).named("AwaitingRetry").scheduledIn(0).by("RetryFailedTasks")),
                of("fails a task run whose retries are spent",
                        aTaskTransition().from(RUNNING).to(FAILED).withRunCount(3).withRetries(2),
                        accepts(FAILED)),
                of("schedules a task retry after the delay for its attempt",
                        aTaskTransition().from(RUNNING).to(FAILED).withRunCount(3).withRetries(5)
                                .withRetryDelays(2.0, 3.0, 5.0, 7.0, 11.0),
                        rejectsTo(SCHEDULED).scheduledIn(5)),
                of("uses the last delay for attempts beyond the list",
                        aTaskTransition().from(RUNNING).to(FAILED).withRunCount(6).withRetries(6)
                                .withRetryDelays(2.0, 3.0, 5.0, 7.0),
                        rejectsTo(SCHEDULED).scheduledIn(7)),
                of("fails a task run whose failure is not retriable",
                        aTaskTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(2)
                                .withProposedDetails(d -> d.withRetriable(false)),
                        accepts(FAILED)));
    }

    public static Stream<PolicyCase> concurrency() {
        return Stream.of(
                of("runs a task when its tag has a free slot",
                        aTaskTransition().from(PENDING).to(RUNNING).withTags("db").withConcurrencyLimit("db", 1, 0),
                        accepts(RUNNING)),
                of("makes a task wait when its tag's limit is full",
                        aTaskTransition().from(PENDING).to(RUNNING).withTags("db").withConcurrencyLimit("db", 1, 1),
                        waits(30).because("Concurrency limit for the db tag has been reached")
                                .by("SecureTaskConcurrencySlots")),
                of("aborts a task whose tag's limit is 0",
                        aTaskTransition().from(PENDING).to(RUNNING).withTags("db").withConcurrencyLimit("db", 0, 0),
                        aborts().because("The concurrency limit on tag \"db\" is 0 and will deadlock")),
                of("lets a finishing task complete even when the limit shrank to 0",
                        aTaskTransition().from(RUNNING).to(COMPLETED).withTags("db").withConcurrencyLimit("db", 0, 0),
                        accepts(COMPLETED)),
                of("takes no slot for a tag without a limit",
                        aTaskTransition().from(PENDING).to(RUNNING).withTags("free", "db")
                                .withConcurrencyLimit("db", 2, 1),
                        accepts(RUNNING)),
                of("retrieves a cached state even when the slots are full",
                        aTaskTransition().from(PENDING).to(runningWithCacheKey("k")).withTags("db")
                                .withConcurrencyLimit("db", 1, 1)
                                .withCachedState("k", State.completed(), null),
                        rejectsTo(COMPLETED).named("Cached").by("CacheRetrieval")),
                of("gives the slot back when a later rule makes the task wait",
                        aTaskTransition().from(PENDING).scheduledIn(FIVE_MINUTES).to(RUNNING).withTags("db")
                                .withConcurrencyLimit("db", 1, 0),
                        waits(300).by("WaitForScheduledTime")));
    }

    public static Stream<PolicyCase> preventPending() {
        List<PolicyCase> cases = new ArrayList<>();
        for (StateType from : List.of(RUNNING, PENDING)) {
            cases.add(of("refuses to submit an active flow run again",
                    aFlowTransition().from(from).to(PENDING),
                    aborts().because("This run is in a " + from.name() + " state and cannot transition to a PENDING state.")
                            .by("PreventPendingTransitions")));
        }
        for (StateType from : List.of(CANCELLING, CANCELLED)) {
            cases.add(of("keeps a cancelling or cancelled flow run out of Pending",
                    aFlowTransition().from(from).to(PENDING),
                    rejectsTo(from).by("EnforceCancellingToCancelledTransition")));
        }
        for (StateType from : List.of(SCHEDULED, COMPLETED, FAILED, CRASHED)) {
            cases.add(of("lets a flow run become Pending", aFlowTransition().from(from).to(PENDING), accepts(PENDING)));
        }
        cases.add(of("lets a new flow run start as Pending", aFlowTransition().fromNoState().to(PENDING),
                accepts(PENDING)));
        return cases.stream();
    }

    public static Stream<PolicyCase> terminalStates() {
        List<PolicyCase> cases = new ArrayList<>();
        for (RunKind kind : RunKind.values()) {
            String rule = kind == RunKind.FLOW ? "HandleFlowTerminalStateTransitions" : "HandleTaskTerminalStateTransitions";
            for (StateType from : StateType.TERMINAL.stream().sorted().toList()) {
                for (StateType to : List.of(CRASHED, CANCELLING, PAUSED)) {
                    cases.add(of("keeps a finished run from becoming " + to,
                            aTransition(kind).from(from).to(to), aborts().because("Run is already").by(rule)));
                }
            }
            cases.add(of("keeps a completed run with a persisted result from running again",
                    aTransition(kind).from(COMPLETED).withPersistedResult().to(RUNNING),
                    rejectsTo(COMPLETED).by(rule)));
            cases.add(of("lets a completed run without a persisted result run again",
                    aTransition(kind).from(COMPLETED).to(RUNNING), accepts(RUNNING)));
            cases.add(of("lets a failed run run again", aTransition(kind).from(FAILED).to(RUNNING), accepts(RUNNING)));
        }
        cases.add(of("lets a completed flow run with a persisted result complete again",
                aFlowTransition().from(COMPLETED).withPersistedResult().to(COMPLETED), accepts(COMPLETED)));
        cases.add(of("keeps a completed task run with a persisted result completed",
                aTaskTransition().from(COMPLETED).withPersistedResult().to(COMPLETED),
                rejectsTo(COMPLETED).because("This run is already completed.")));
        cases.add(of("refuses to reschedule a finished flow run without a deployment",
                aFlowTransition().from(FAILED).to(SCHEDULED).withRunCount(2).withRetries(1),
                aborts().because("Cannot reschedule a run without an associated deployment.")));
        cases.add(of("reschedules a finished deployed flow run beyond its retries",
                aFlowTransition().from(FAILED).to(State.awaitingRetry(Instant.now())).withRunCount(3)
                        .withRetries(1).withDeployment(),
                accepts(SCHEDULED, "AwaitingRetry")));
        cases.add(of("names a task run Retrying when its flow run retries",
                aTaskTransition().from(FAILED).to(RUNNING).withRunCount(2).withRetries(10)
                        .inFlowRun(State.running(), 4).withFlowRunRunCount(2),
                accepts(RUNNING, "Retrying")));
        return cases.stream();
    }

    public static Stream<PolicyCase> cache() {
        Instant now = Instant.now();
        return Stream.of(
                of("completes a task from an unexpired cached state",
                        aTaskTransition().from(PENDING).to(runningWithCacheKey("k"))
                                .withCachedState("k", State.completed(), now.plus(Duration.ofDays(1))),
                        rejectsTo(COMPLETED).named("Cached").because("Retrieved state from cache")),
                of("completes a task from a cached state that never expires",
                        aTaskTransition().from(PENDING).to(runningWithCacheKey("k"))
                                .withCachedState("k", State.completed(), null),
                        rejectsTo(COMPLETED).named("Cached")),
                of("runs a task whose cached state expired",
                        aTaskTransition().from(PENDING).to(runningWithCacheKey("k"))
                                .withCachedState("k", State.completed(), now.minus(Duration.ofDays(1))),
                        accepts(RUNNING)),
                of("runs a task whose cache key has nothing cached",
                        aTaskTransition().from(PENDING).to(runningWithCacheKey("other"))
                                .withCachedState("k", State.completed(), null),
                        accepts(RUNNING)),
                of("runs a task that asks to refresh its cache",
                        aTaskTransition().from(PENDING).to(runningWithCacheKey("k"))
                                .withProposedDetails(d -> d.withRefreshCache(true))
                                .withCachedState("k", State.completed(), null),
                        accepts(RUNNING)));
    }

    public static Stream<PolicyCase> duplicates() {
        UUID id = UUID.randomUUID();
        return Stream.of(
                of("returns the current state for a repeated transition id",
                        aFlowTransition().from(PENDING).withInitialDetails(d -> d.withTransitionId(id))
                                .to(State.running().withTransitionId(id)),
                        rejectsTo(PENDING).because("This run has already made this state transition.")
                                .by("PreventDuplicateTransitions")),
                of("accepts a new transition id",
                        aFlowTransition().from(PENDING).withInitialDetails(d -> d.withTransitionId(id))
                                .to(State.running().withTransitionId(UUID.randomUUID())),
                        accepts(RUNNING)),
                of("accepts a proposal without a transition id",
                        aFlowTransition().from(PENDING).withInitialDetails(d -> d.withTransitionId(id)).to(RUNNING),
                        accepts(RUNNING)),
                of("accepts a transition id when the current state has none",
                        aFlowTransition().from(PENDING).to(State.running().withTransitionId(id)),
                        accepts(RUNNING)));
    }

    public static Stream<PolicyCase> pausing() {
        return Stream.of(
                of("pauses a running flow run", aFlowTransition().from(RUNNING).to(pausedWithKey("hello", false)),
                        accepts(PAUSED)),
                of("pauses at a pause point only once",
                        aFlowTransition().from(RUNNING).to(pausedWithKey("hello", false)).withPauseKeys("hello"),
                        rejectsTo(RUNNING).because("This pause has already fired.")),
                of("pauses only a running flow run",
                        aFlowTransition().from(SCHEDULED).to(pausedWithKey("hello", false)),
                        rejectsTo(SCHEDULED).because("Cannot pause flows that are not currently running.")),
                of("cannot pause a flow run with no state",
                        aFlowTransition().fromNoState().to(pausedWithKey("hello", false)),
                        aborts().because("Cannot pause flows with no state.")),
                of("cannot suspend a flow run without a deployment",
                        aFlowTransition().from(RUNNING).to(pausedWithKey("hello", true)),
                        aborts().because("Cannot pause flows without a deployment.")),
                of("suspends a deployed flow run",
                        aFlowTransition().from(RUNNING).to(pausedWithKey("hello", true)).withDeployment(),
                        accepts(PAUSED)),
                of("cannot suspend a subflow",
                        aFlowTransition().from(RUNNING).to(pausedWithKey("hello", true)).withDeployment().asSubflow(),
                        aborts().because("Cannot pause subflows.")));
    }

    public static Stream<PolicyCase> resuming() {
        Instant now = Instant.now();
        return Stream.of(
                of("resumes a paused flow run", aFlowTransition().from(pausedUntil(now.plus(FIVE_MINUTES), false))
                        .to(RUNNING), accepts(RUNNING)),
                of("fails a flow run whose pause timed out",
                        aFlowTransition().from(pausedUntil(now.minus(FIVE_MINUTES), false)).to(RUNNING),
                        rejectsTo(FAILED).because("The flow run pause has timed out and can no longer resume.")),
                of("cannot resume a suspended flow run without a deployment",
                        aFlowTransition().from(pausedUntil(now.plus(FIVE_MINUTES), true)).to(RUNNING),
                        rejectsTo(PAUSED).because("Cannot reschedule a running flow run without a deployment.")),
                of("reschedules a suspended deployed flow run",
                        aFlowTransition().from(pausedUntil(now.plus(FIVE_MINUTES), true))
                                .to(State.scheduled(now)).withDeployment(),
                        accepts(SCHEDULED)),
                of("keeps a paused flow run out of Pending",
                        aFlowTransition().from(PAUSED).to(PENDING),
                        rejectsTo(PAUSED).because("This run cannot transition to the PENDING state from the PAUSED state.")),
                of("lets a paused flow run finish", aFlowTransition().from(PAUSED).to(COMPLETED), accepts(COMPLETED)));
    }

    public static Stream<PolicyCase> lateMarking() {
        return Stream.of(
                of("marks a scheduled flow run late",
                        aFlowTransition().from(SCHEDULED).to(State.late(Instant.now())), accepts(SCHEDULED, "Late")),
                of("marks only scheduled flow runs late",
                        aFlowTransition().from(RUNNING).to(State.late(Instant.now())),
                        rejectsTo(RUNNING).because("Only scheduled flows can be marked late.")),
                of("does not mark a pending flow run late",
                        aFlowTransition().from(PENDING).to(State.late(Instant.now())), rejectsTo(PENDING)),
                of("does not mark a finished deployed flow run late",
                        aFlowTransition().from(COMPLETED).to(State.late(Instant.now())).withDeployment(),
                        rejectsTo(COMPLETED).by("EnsureOnlyScheduledFlowsMarkedLate")));
    }

    public static Stream<PolicyCase> cancelling() {
        List<PolicyCase> cases = new ArrayList<>();
        for (StateType to : List.of(RUNNING, COMPLETED, FAILED, SCHEDULED, CRASHED)) {
            cases.add(of("keeps a cancelling flow run on its way to Cancelled",
                    aFlowTransition().from(CANCELLING).to(to),
                    rejectsTo(CANCELLING).because("Cannot transition flows that are cancelling to a state other than Cancelled.")));
        }
        cases.add(of("cancels a cancelling flow run", aFlowTransition().from(CANCELLING).to(CANCELLED),
                accepts(CANCELLED)));
        cases.add(of("cancels a scheduled flow run without infrastructure at once",
                aFlowTransition().from(SCHEDULED).to(CANCELLING),
                rejectsTo(CANCELLED).because("Scheduled flow run has no infrastructure to terminate.")));
        cases.add(of("cancels a scheduled flow run with infrastructure through Cancelling",
                aFlowTransition().from(SCHEDULED).to(CANCELLING).withInfrastructurePid("host:42"),
                accepts(CANCELLING)));
        cases.add(of("cancels a resuming flow run at once",
                aFlowTransition().from(SCHEDULED).withInitialName("Resuming").to(CANCELLING)
                        .withInfrastructurePid("host:42"),
                rejectsTo(CANCELLED)));
        cases.add(of("cancels a suspended flow run at once",
                aFlowTransition().from(pausedUntil(null, true)).to(CANCELLING),
                rejectsTo(CANCELLED).because("Suspended flow run has no infrastructure to terminate.")));
        cases.add(of("cancels a running flow run through Cancelling", aFlowTransition().from(RUNNING).to(CANCELLING),
                accepts(CANCELLING)));
        return cases.stream();
    }

    public static Stream<PolicyCase> stoppedFlows() {
        List<PolicyCase> cases = new ArrayList<>();
        cases.add(of("runs a task of a running flow run", aTaskTransition().from(PENDING).to(RUNNING),
                accepts(RUNNING)));
        cases.add(of("pauses a task of a paused flow run",
                aTaskTransition().from(PENDING).to(RUNNING).inFlowRun(pausedUntil(Instant.now(), true), 1),
                rejectsTo(PAUSED).named("NotReady").because("The flow is paused")));
        for (StateType flowState : List.of(SCHEDULED, PENDING, COMPLETED, FAILED, CANCELLED, CRASHED, CANCELLING)) {
            cases.add(of("aborts a task of a flow run that is " + flowState,
                    aTaskTransition().from(PENDING).to(RUNNING).inFlowRun(State.of(flowState), 1),
                    aborts().because("The enclosing flow must be running to begin task execution.")));
        }
        cases.add(of("aborts a task of a flow run with no state",
                aTaskTransition().from(PENDING).to(RUNNING).inFlowRun(null, 0), aborts()));
        cases.add(of("runs a task without a flow run",
                aTaskTransition().from(PENDING).to(RUNNING).withoutFlowRun(), accepts(RUNNING)));
        return cases.stream();
    }

    public static Stream<PolicyCase> reruns() {
        return Stream.of(
                of("names a task run's retry Retrying",
                        aTaskTransition().from(State.awaitingRetry(Instant.now().minusSeconds(1))).to(RUNNING)
                                .withRunCount(1).withRetries(2),
                        accepts(RUNNING, "Retrying")),
                of("names a task run's rerun Rerunning",
                        aTaskTransition().from(PENDING).to(RUNNING).withRunCount(1), accepts(RUNNING, "Rerunning")),
                of("keeps the name of a task run's first run",
                        aTaskTransition().from(PENDING).to(RUNNING), accepts(RUNNING, "Running")));
    }

    static State runningWithCacheKey(String key) {
        return State.running().withDetails(StateDetails.EMPTY.withCache(key, null));
    }

    static State pausedWithKey(String key, boolean reschedule) {
        return State.paused(Instant.now().plusSeconds(1000))
                .withDetails(StateDetails.EMPTY.withPause(Instant.now().plusSeconds(1000), reschedule, key));
    }

    static State pausedUntil(Instant timeout, boolean reschedule) {
        return State.of(PAUSED).withDetails(StateDetails.EMPTY.withPause(timeout, reschedule, null));
    }

    private static PolicyCase of(String description, TransitionSpec.Builder given, Expectation expected) {
        return new PolicyCase(description, given.build(), expected);
    }
}
