package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.orchestration.NewRuns;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Ids;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How {@link HttpOrchestrator} creates task runs. In a flow run that has no task runs from an
 * earlier attempt ("fresh"), a create is held back for a moment ({@link HeldTaskRunCreates}) and
 * the run's Running proposal rides on it (Orion's {@code orion_then_set_state}), so a task run
 * costs two round trips, not three; elsewhere it is sent at once, as Prefect's client does.
 * Should the server have a held run already (the flow run is being executed elsewhere too), the
 * run goes on as the server's, from its state, under the id the engine knows. Thread-safe.
 */
final class TaskRunCreates implements AutoCloseable {

    /** What this needs of the orchestrator it serves. */
    interface Back {
        /** Proposes a state of a task run (by the server's id) as {@code set_state}, not forced. */
        OrchestrationResult proposeNow(UUID taskRunId, State proposed);

        /** A run just created with its Pending state: the engine's first Pending proposal is answered from it. */
        void createdNew(RunRow row);
    }

    private final ApiTransport api;
    private final Back back;
    private final HeldTaskRunCreates held = new HeldTaskRunCreates(this::sendHeld);
    /** Flow runs known to have no task runs from an earlier attempt, with how often they entered Running. */
    private final Map<UUID, Integer> freshFlowRuns = new ConcurrentHashMap<>();
    /** Held task runs the server had already under another id, by the id the engine knows them by. */
    private final Map<UUID, UUID> serverIds = new ConcurrentHashMap<>();
    /** Such runs whose Pending proposal was answered before that was known: it is made before their next one. */
    private final Set<UUID> owedPending = ConcurrentHashMap.newKeySet();

    TaskRunCreates(ApiTransport api, Back back) {
        this.api = api;
        this.back = back;
    }

    /** Creates a task run: held back in a fresh flow run (answered with its Pending state here), else sent now. */
    RunRow create(RunRow given) {
        RunRow run = NewRuns.taskRun(given).build(); // a held run is answered with the name the server will give it
        if (freshFlowRuns.containsKey(run.flowRunId())) {
            held.hold(run);
            RunRow.Builder b = run.toBuilder();
            b.state = State.pending();
            b.created = Instant.now();
            return b.build();
        }
        RunRow row = post(run, body(run)).run();
        if (row.id().equals(run.id())) {
            back.createdNew(row);
        }
        return row;
    }

    /**
     * What to answer a task run's proposal without sending it as {@code set_state}: its first
     * Pending while its create is held, or its Running riding on the create; empty when the
     * proposal is to be sent (its create has then reached the server).
     */
    Optional<OrchestrationResult> beforePropose(UUID runId, State proposed, boolean force) {
        HeldTaskRunCreates.Held h = held.find(runId);
        if (h != null && !force && HttpOrchestrator.isFirstPending(proposed) && h.answerPending()) {
            return Optional.of(new OrchestrationResult(ResultStatus.ACCEPT, State.pending(), null));
        }
        if (h != null && !force && proposed.is(StateType.RUNNING)) {
            int phase = h.claim();
            if (phase == HeldTaskRunCreates.Held.PENDING_ANSWERED) {
                return Optional.of(sendHeldWith(h, proposed));
            }
            if (phase == HeldTaskRunCreates.Held.HELD) {
                held.send(h, () -> {
                    sendHeld(h, false);
                    return null;
                });
            }
        }
        UUID target = settle(runId);
        if (owedPending.remove(runId)) {
            OrchestrationResult pending = back.proposeNow(target, State.pending().withTransitionId(Ids.next()));
            if (!pending.isAccepted()) {
                return Optional.of(pending);
            }
        }
        return Optional.empty();
    }

    /** Makes sure the run's create, if it was held, has reached the server; answers the id the server knows it by. */
    UUID settle(UUID runId) {
        held.settle(runId);
        return serverIds.getOrDefault(runId, runId);
    }

    /** Settles the held creates of one flow run. */
    void settleAll(UUID flowRunId) {
        held.settleAll(r -> flowRunId.equals(r.flowRunId()));
    }

    /** Settles every held create. */
    void settleAll() {
        held.settleAll(r -> true);
    }

    /** A flow run read or created: one that never entered Running has no task runs yet. */
    void noteFlowRun(RunRow row) {
        if (row.kind() == RunKind.FLOW && row.runCount() == 0 && (row.state() == null || !row.state().isTerminal())) {
            freshFlowRuns.putIfAbsent(row.id(), 0);
        }
    }

    /**
     * A flow run's proposal was accepted. Entering Running a second time (a retry, a resume), it
     * may find its task runs from before; once finished it needs no tracking.
     */
    void flowRunMoved(UUID flowRunId, State proposed, State now) {
        if (proposed.is(StateType.RUNNING)) {
            freshFlowRuns.computeIfPresent(flowRunId, (id, starts) -> starts == 0 ? 1 : null);
        } else if (now != null && now.isTerminal()) {
            freshFlowRuns.remove(flowRunId);
        }
    }

    @Override
    public void close() {
        held.close();
    }

    // ---- requests ------------------------------------------------------------------------------

    /** A task run's create request as Prefect's client sends it (with its Pending state). */
    private static ObjectNode body(RunRow run) {
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.put("id", run.id().toString());
        body.put("name", run.name());
        body.put("flow_run_id", run.flowRunId().toString());
        body.put("task_key", run.taskKey());
        body.put("dynamic_key", run.dynamicKey());
        body.set("tags", ApiTransport.MAPPER.valueToTree(run.tags()));
        body.set("empirical_policy", ApiCodec.policy(run.policy()));
        body.set("task_inputs", ApiCodec.taskInputs(run.taskInputs()));
        body.set("state", ApiCodec.state(State.pending()));
        return body;
    }

    /** A create's answer: the run, and the answer to a proposal that rode on it, if any. */
    private record Created(RunRow run, JsonNode thenAnswer) {
    }

    private Created post(RunRow run, ObjectNode body) {
        try {
            JsonNode answer = api.call("POST", "/task_runs/", body, null).body();
            return new Created(ApiCodec.run(answer, RunKind.TASK, run.flowName()), answer.get("orion_then_set_state_result"));
        } catch (ApiCallException e) {
            throw e.status() == 404 ? new NoSuchRunException(RunKind.FLOW, run.flowRunId()) : e;
        }
    }

    /** Sends a held create on its own (its Running proposal did not come in time, or another call needs the run). */
    private void sendHeld(HeldTaskRunCreates.Held h, boolean pendingAnswered) {
        RunRow row = post(h.run, body(h.run)).run();
        if (!row.id().equals(h.run.id())) {
            serverIds.put(h.run.id(), row.id());
            if (pendingAnswered) {
                owedPending.add(h.run.id());
            }
        } else if (!pendingAnswered) {
            back.createdNew(row);
        }
    }

    /** Sends a held create with the run's Running proposal riding on it; answers that proposal. */
    private OrchestrationResult sendHeldWith(HeldTaskRunCreates.Held h, State running) {
        ObjectNode body = body(h.run);
        ObjectNode then = body.putObject("orion_then_set_state");
        then.set("state", ApiCodec.state(running));
        then.put("force", false);
        Created c = held.send(h, () -> post(h.run, body));
        if (!c.run().id().equals(h.run.id())) {
            // The server had this task run already: go on with it as the engine would have, Pending first.
            serverIds.put(h.run.id(), c.run().id());
            OrchestrationResult pending = back.proposeNow(c.run().id(), State.pending().withTransitionId(Ids.next()));
            return pending.isAccepted() ? back.proposeNow(c.run().id(), running) : pending;
        }
        if (c.thenAnswer() == null || c.thenAnswer().isNull()) {
            // A server that does not know the extension created the run only.
            return back.proposeNow(h.run.id(), running);
        }
        return ApiCodec.result(c.thenAnswer(), running.details().transitionId());
    }
}
