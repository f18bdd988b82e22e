package dev.orion.host.engine;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import java.time.Duration;
import java.time.Instant;

/**
 * A flow run pausing itself ({@code RunContext.pause(timeout)}), as Prefect's
 * {@code pause_flow_run}: proposes Paused with the timeout and a pause key, then polls the run
 * until someone resumes it (it is Running again) and returns; if the timeout passes first it
 * proposes Running, which the policy turns into Failed, and throws (the engine keeps that Failed
 * as the run's end rather than proposing another). Used by the flow's thread.
 */
final class FlowPause {

    /** How often a paused run looks whether it was resumed. */
    static final Duration POLL = Duration.ofMillis(250);

    private final FlowEngine engine;
    private final FlowRunExecutor flowRun;

    FlowPause(FlowEngine engine, FlowRunExecutor flowRun) {
        this.engine = engine;
        this.flowRun = flowRun;
    }

    void pause(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        State paused = State.paused(deadline);
        paused = paused.withDetails(paused.details().withPause(deadline, false, flowRun.nextPauseKey()));
        try {
            OrchestrationResult r = engine.driver().propose(flowRun, paused);
            if (!r.isAccepted()) {
                throw new OrionException("flow run " + flowRun.id() + " could not pause: " + r.details().reason());
            }
            flowRun.logger().info("Paused until {}; resume it with `orion flow-run resume {}`", deadline, flowRun.id());
            while (true) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    OrchestrationResult t = engine.driver().propose(flowRun, State.running());
                    if (t.isAccepted()) {
                        return;
                    }
                    String message = "flow run " + flowRun.id() + " was not resumed within " + timeout
                            + (t.details().reason() == null ? "" : ": " + t.details().reason());
                    if (t.state() != null && t.state().isTerminal()) {
                        throw new RunEndedException(message, t.state());
                    }
                    throw new OrionException(message);
                }
                Thread.sleep(Math.min(left, POLL.toMillis()));
                State now = engine.orchestrator().pollRun(flowRun.id(), RunKind.FLOW)
                        .map(run -> run.state()).orElse(null);
                if (now == null || now.is(StateType.PAUSED)) {
                    continue;
                }
                flowRun.entered(now);
                if (now.is(StateType.RUNNING)) {
                    flowRun.logger().info("Resumed");
                    return;
                }
                throw new OrionException("flow run " + flowRun.id() + " left its pause as " + now.label()
                        + (now.message() == null ? "" : ": " + now.message()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("flow run " + flowRun.id() + " was interrupted while paused", e);
        }
    }
}
