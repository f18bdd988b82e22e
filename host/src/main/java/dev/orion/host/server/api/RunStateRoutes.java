package dev.orion.host.server.api;

import dev.orion.api.RunKind;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultDetails;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.RunService;
import dev.orion.host.server.ServerContext;
import dev.orion.host.server.WorkerFence;
import dev.orion.host.server.model.OrchestrationResultJson;
import dev.orion.host.server.model.SetStateJson;
import dev.orion.host.server.model.StateJson;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.RunRow;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The state endpoints of one run kind: {@code POST /api/{kind}_runs/{id}/set_state},
 * {@code GET /api/{kind}_runs/{id}/decisions} (Orion's decision log) and
 * {@code GET /api/{kind}_run_states/?{kind}_run_id=} (the state history).
 */
final class RunStateRoutes implements ApiRoutes {

    /** One entry of the decision log as answered. */
    record DecisionJson(UUID id, UUID runId, String runKind, String fromType, String fromName, String proposedType,
                        String proposedName, String status, String resultType, String resultName, String rule,
                        String reason, Double delaySeconds, boolean forced, Instant timestamp, List<String> trace) {
        static DecisionJson of(DecisionRow d) {
            return new DecisionJson(d.id(), d.runId(), d.kind().label(), name(d.fromType()), d.fromName(),
                    name(d.proposedType()), d.proposedName(), d.status().name(), name(d.resultType()), d.resultName(),
                    d.rule(), d.reason(), d.delaySeconds(), d.forced(), d.timestamp(), d.trace());
        }

        private static String name(Enum<?> e) {
            return e == null ? null : e.name();
        }
    }

    /**
     * How long the server holds a foreign client's proposal told to WAIT for a concurrency slot,
     * proposing it again as slots free, before it answers.
     */
    static final Duration SLOT_HOLD = Duration.ofSeconds(2);
    /** The delay answered to a foreign client still waiting for a slot after {@link #SLOT_HOLD}: it comes back at once. */
    static final double SLOT_RETRY_SECONDS = 0.2;
    private static final String SLOT_RULE = "SecureTaskConcurrencySlots";

    private final ServerContext ctx;
    private final RunKind kind;
    private final RunService runs;

    RunStateRoutes(ServerContext ctx, RunKind kind) {
        this.ctx = ctx;
        this.kind = kind;
        this.runs = new RunService(ctx);
    }

    @Override
    public void register(RoutesConfig routes) {
        String base = "/api/" + kind.label() + "_runs";
        routes.post(base + "/{id}/set_state", c -> {
            UUID id = Requests.id(c, "id");
            SetStateJson body = Requests.body(c, SetStateJson.class);
            if (body.state() == null) {
                throw new InvalidRequestException("set_state needs a 'state'");
            }
            UUID flowRunId = kind == RunKind.FLOW ? id : runs.read(id, kind).flowRunId();
            Optional<String> refused = WorkerFence.refusal(ctx, flowRunId, c.header(WorkerFence.HEADER));
            OrchestrationResult result = refused.isPresent()
                    ? new OrchestrationResult(ResultStatus.ABORT, runs.read(id, kind).state(),
                            new ResultDetails(refused.get(), null, null))
                    : propose(id, body);
            OrchestrationResultJson answer = OrchestrationResultJson.of(result, flowRunId, kind == RunKind.TASK ? id : null);
            Requests.json(c, answer.httpStatus(), answer);
        });
        routes.get(base + "/{id}/decisions", c -> {
            UUID id = Requests.id(c, "id");
            stored(id);
            Requests.ok(c, ctx.runs().decisions(id).stream().map(DecisionJson::of).toList());
        });
        routes.get("/api/" + kind.label() + "_run_states", c -> {
            String param = kind.label() + "_run_id";
            String value = c.queryParam(param);
            if (value == null) {
                throw new InvalidRequestException("give the run as the query parameter '" + param + "'");
            }
            UUID id;
            try {
                id = UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("'" + param + "' must be a UUID, got '" + value + "'");
            }
            RunRow run = stored(id);
            UUID flowRunId = kind == RunKind.FLOW ? id : run.flowRunId();
            UUID taskRunId = kind == RunKind.TASK ? id : null;
            List<StateJson> states = ctx.runs().states(id).stream()
                    .map(s -> StateJson.of(s.state(), flowRunId, taskRunId)).toList();
            Requests.ok(c, states);
        });
    }

    /**
     * Proposes the body's state. A client that does not say its proposal's id (Prefect's; Orion's
     * own clients wait for slots themselves, woken when one frees) and is told to WAIT for a
     * concurrency slot is held here for up to {@link #SLOT_HOLD}, its proposal made again each time
     * a slot frees; still waiting then, it is told to come back in {@link #SLOT_RETRY_SECONDS}
     * rather than Prefect's 30 s, so it runs soon after a slot frees, in Prefect's answer shape.
     */
    private OrchestrationResult propose(UUID id, SetStateJson body) throws InterruptedException {
        boolean force = Boolean.TRUE.equals(body.force());
        OrchestrationResult result = runs.propose(id, kind, body.state().toState(), force, body.orionProposalId());
        if (body.orionProposalId() != null || !waitsForSlot(result)) {
            return result;
        }
        long end = System.nanoTime() + SLOT_HOLD.toNanos();
        while (waitsForSlot(result)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                ResultDetails d = result.details();
                return new OrchestrationResult(ResultStatus.WAIT, result.state(),
                        new ResultDetails(d.reason(), Math.min(SLOT_RETRY_SECONDS, d.delaySeconds()), d.rule()));
            }
            ctx.orchestrator().awaitWait(id, Duration.ofNanos(left));
            result = runs.propose(id, kind, body.state().toState(), force, null);
        }
        return result;
    }

    private static boolean waitsForSlot(OrchestrationResult r) {
        return r.status() == ResultStatus.WAIT && SLOT_RULE.equals(r.details().rule()) && r.details().delaySeconds() != null;
    }

    private RunRow stored(UUID id) {
        return ctx.runs().findRun(id, kind).orElseThrow(() -> new NotFoundException(kind.label() + " run", id));
    }
}
