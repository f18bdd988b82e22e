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
                    : runs.propose(id, kind, body.state().toState(), Boolean.TRUE.equals(body.force()), body.orionProposalId());
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

    private RunRow stored(UUID id) {
        return ctx.runs().findRun(id, kind).orElseThrow(() -> new NotFoundException(kind.label() + " run", id));
    }
}
