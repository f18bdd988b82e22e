package dev.orion.host.engine;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.TaskFailedException;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultDetails;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.engine.RunHandle.Attempt;
import dev.orion.host.engine.RunHandle.Ending;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.secrets.SecretMask;
import dev.orion.host.util.Ids;
import dev.orion.host.util.TimeSource;
import java.time.Duration;
import java.util.Locale;

/**
 * Drives one run through its states the way Prefect 2's client engine does, proposing every
 * change and obeying every answer: ACCEPT goes on; REJECT adopts the returned state
 * (AwaitingRetry: sleep until its time and propose Running again; Cached or another terminal
 * state: stop there); WAIT waits and proposes again; ABORT stops without proposing more.
 * Stateless apart from its orchestrator; thread-safe.
 */
final class RunDriver {

    static final String SLOT_RULE = "SecureTaskConcurrencySlots";
    /** Why an abandoned run proposes nothing more. */
    static final String ABANDONED = "Abandoned by this engine: its flow run is executed elsewhere now";

    private final Orchestrator orchestrator;
    private final TimeSource clock;
    private final SecretMask mask;

    RunDriver(Orchestrator orchestrator, TimeSource clock, SecretMask mask) {
        this.orchestrator = orchestrator;
        this.clock = clock;
        this.mask = mask;
    }

    /** The state with the secrets runs read masked in its message (an error may quote one). */
    private State masked(State s) {
        return s.message() == null || mask.isEmpty() ? s : s.withMessage(mask.apply(s.message()));
    }

    Ending drive(RunHandle run) throws InterruptedException {
        State existing = run.existingState();
        OrchestrationResult d = existing != null && existing.is(StateType.PENDING)
                ? new OrchestrationResult(ResultStatus.ACCEPT, existing, null)
                : propose(run, State.pending());
        Ending cancelled = cancelledIfCancelling(run, d);
        if (cancelled != null) {
            return cancelled;
        }
        if (d.status() == ResultStatus.ABORT) {
            return aborted(run, d, null);
        }
        if (d.status() == ResultStatus.REJECT && d.state() != null && d.state().isTerminal()) {
            return adopt(run, d.state());
        }
        Ending early = run.beforeRunning();
        if (early != null) {
            return early;
        }
        State current = d.state();
        while (true) {
            sleepUntilScheduled(current);
            run.beginAttempt();
            Attempt attempt;
            try {
                d = propose(run, runningState(run, current));
                cancelled = cancelledIfCancelling(run, d);
                if (cancelled != null) {
                    return cancelled;
                }
                if (d.status() == ResultStatus.ABORT) {
                    return aborted(run, d, null);
                }
                if (d.status() == ResultStatus.REJECT) {
                    current = d.state();
                    if (current == null || current.isTerminal()) {
                        return adopt(run, current);
                    }
                    continue;
                }
                attempt = run.execute();
                State ended = RunEndedException.endedBy(attempt.error());
                if (ended != null) {
                    return adopt(run, ended);
                }
                State end = endState(run, attempt);
                d = propose(run, end);
                cancelled = cancelledIfCancelling(run, d);
                if (cancelled != null) {
                    return cancelled;
                }
                if (d.status() == ResultStatus.ACCEPT) {
                    return end.is(StateType.COMPLETED)
                            ? new Ending(d.state(), attempt.value(), null)
                            : new Ending(d.state(), null, errorOf(run, d.state(), attempt));
                }
            } finally {
                run.endAttempt();
            }
            if (d.status() == ResultStatus.ABORT) {
                return aborted(run, d, attempt.error());
            }
            current = d.state();
            if (current == null || current.isTerminal()) {
                return adopt(run, current);
            }
            run.retrying(current, attempt);
        }
    }

    /**
     * A flow run found Cancelling (cancelled while it ran) ends Cancelled; a task run stopped
     * because its flow run is being cancelled ends Cancelled too. Null when neither applies.
     */
    private Ending cancelledIfCancelling(RunHandle run, OrchestrationResult d) throws InterruptedException {
        boolean flowCancelling = run.kind() == RunKind.FLOW && d.state() != null && d.state().is(StateType.CANCELLING)
                && d.status() != ResultStatus.ACCEPT;
        boolean taskStopped = run.kind() == RunKind.TASK && run.cancelRequested()
                && (d.status() == ResultStatus.ABORT || d.status() == ResultStatus.REJECT)
                && (d.state() == null || !d.state().isTerminal());
        if (!flowCancelling && !taskStopped) {
            return null;
        }
        State cancelled = State.cancelled(run.kind() == RunKind.FLOW ? "The flow run was cancelled."
                : "Its flow run was cancelled.");
        OrchestrationResult r = propose(run, cancelled);
        State s = r.state() == null ? cancelled : r.state();
        return new Ending(s, null, new TaskFailedException(run.kind().label() + " run " + run.id() + " was cancelled",
                s, null));
    }

    /** Proposes a state; on WAIT waits (announcing a concurrency-slot wait once) and proposes again. */
    OrchestrationResult propose(RunHandle run, State proposed) throws InterruptedException {
        boolean announced = false;
        while (true) {
            if (run.abandoned()) {
                return new OrchestrationResult(ResultStatus.ABORT, State.crashed(ABANDONED),
                        new ResultDetails(ABANDONED, null, null));
            }
            OrchestrationResult r = orchestrator.propose(run.id(), run.kind(), masked(proposed).withTransitionId(Ids.next()),
                    false);
            if (r.status() != ResultStatus.WAIT) {
                if (r.status() != ResultStatus.ABORT && r.state() != null) {
                    run.entered(r.state());
                }
                return r;
            }
            if (!announced && run.kind() == RunKind.TASK && proposed.is(StateType.RUNNING) && isSlotWait(r)) {
                announced = true;
                OrchestrationResult p = orchestrator.propose(run.id(), run.kind(),
                        State.awaitingConcurrencySlot(r.details().reason()).withTransitionId(Ids.next()), false);
                if (p.isAccepted()) {
                    run.entered(p.state());
                }
            }
            Double seconds = r.details().delaySeconds();
            long millis = seconds == null ? 1000 : Math.max(1, Math.round(seconds * 1000));
            if (isSlotWait(r)) {
                // A freed slot wakes the run early, whatever the clock says.
                orchestrator.awaitWait(run.id(), Duration.ofMillis(millis));
            } else {
                clock.sleep(Duration.ofMillis(millis));
            }
        }
    }

    /** Proposes Crashed with force, best effort: the run must never stay Running after an engine error. */
    State crash(RunHandle run, Throwable cause) {
        State crashed = masked(State.crashed("Crashed: " + Failures.describe(cause)));
        if (run.abandoned()) {
            return State.crashed(ABANDONED);
        }
        try {
            OrchestrationResult r = orchestrator.propose(run.id(), run.kind(), crashed.withTransitionId(Ids.next()),
                    true);
            State s = r.state() == null ? crashed : r.state();
            run.entered(s);
            return s;
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            return crashed;
        }
    }

    /**
     * The Running state to propose. A task run's rerun is renamed Retrying by the RenameReruns
     * rule; flow policies have no such rule, so a flow run coming back from AwaitingRetry proposes
     * Retrying itself.
     */
    private static State runningState(RunHandle run, State current) {
        State running = run.runningState();
        boolean rerun = current != null && current.is(StateType.SCHEDULED) && "AwaitingRetry".equals(current.name());
        return rerun && run.kind() == RunKind.FLOW ? running.withName("Retrying") : running;
    }

    private static boolean isSlotWait(OrchestrationResult r) {
        String reason = r.details().reason();
        return SLOT_RULE.equals(r.details().rule()) || (reason != null && reason.contains("oncurrency"));
    }

    private static State endState(RunHandle run, Attempt attempt) {
        Throwable e = attempt.error();
        if (run.cancelRequested()) {
            return State.cancelled(run.kind() == RunKind.FLOW ? "The flow run was cancelled."
                    : "Its flow run was cancelled.");
        }
        if (e == null) {
            try {
                return run.completedState(attempt.value());
            } catch (RuntimeException storeFailure) {
                return State.failed(storeFailure.getMessage());
            }
        }
        if (attempt.timedOut()) {
            return State.timedOut(run.kind().label().substring(0, 1).toUpperCase(Locale.ROOT)
                    + run.kind().label().substring(1) + " run exceeded its timeout");
        }
        if (e instanceof Error) {
            return State.crashed(Failures.describe(e));
        }
        State failed = State.failed(Failures.describe(e));
        return attempt.retriable() ? failed : failed.withDetails(failed.details().withRetriable(false));
    }

    private static Throwable errorOf(RunHandle run, State state, Attempt attempt) {
        Throwable e = attempt.error();
        if (e != null && !attempt.timedOut() && (e instanceof RuntimeException || e instanceof Error)) {
            return e;
        }
        return new TaskFailedException(run.kind().label() + " run " + run.id() + " ended " + state.label()
                + (state.message() == null ? "" : ": " + state.message()), state, e);
    }

    private static Ending adopt(RunHandle run, State state) {
        if (state != null && state.is(StateType.COMPLETED)) {
            return new Ending(state, state.resultRef() == null ? null : run.loadResult(state), null);
        }
        State s = state == null ? State.pending() : state;
        return new Ending(s, null, new TaskFailedException(run.kind().label() + " run " + run.id() + " ended "
                + s.label() + (s.message() == null ? "" : ": " + s.message()), s, null));
    }

    private static Ending aborted(RunHandle run, OrchestrationResult d, Throwable cause) {
        State s = d.state() == null ? State.pending() : d.state();
        String reason = d.details().reason();
        return new Ending(s, null, new TaskFailedException(run.kind().label() + " run " + run.id()
                + " was stopped by the orchestrator" + (reason == null ? "" : ": " + reason), s, cause));
    }

    private void sleepUntilScheduled(State current) throws InterruptedException {
        if (current != null && current.is(StateType.SCHEDULED) && current.details().scheduledTime() != null) {
            clock.sleepUntil(current.details().scheduledTime());
        }
    }
}
