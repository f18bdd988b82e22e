package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.host.orchestration.EffectivePolicy;
import dev.orion.host.orchestration.PolicyComposer;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.replay.PolicyReplay;
import dev.orion.host.replay.ReplayReport;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.util.Json;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/policy/replay}: the recorded decisions since a moment, decided again under a
 * candidate policy ({@code {"policy": {"disabled": [...], "moves": [...]}, "since": ISO-8601}}),
 * and where they would differ. Reads only; the candidate is composed with the server's plugin
 * rules as its own policy is.
 */
public final class PolicyReplayApi implements ApiRoutes {

    private static final int EXAMPLES = 3;

    private final ServerContext ctx;

    public PolicyReplayApi(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/policy/replay", c -> {
            JsonNode body = Requests.body(c, JsonNode.class);
            PolicyOverrides candidate = candidate(body.path("policy"));
            Instant since = since(body.path("since"));
            EffectivePolicy policy = ctx.policySource().map(s -> s.withOverrides(candidate))
                    .orElseGet(() -> PolicyComposer.compose(CorePolicies.policySet(), List.of(), candidate));
            ReplayReport report = new PolicyReplay(ctx.db(), EXAMPLES).replay(policy.toPolicySet(), since, null);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("report", report);
            answer.put("problems", policy.problems());
            Requests.ok(c, answer);
        });
    }

    private static PolicyOverrides candidate(JsonNode policy) {
        if (policy.isMissingNode() || policy.isNull()) {
            throw new InvalidRequestException("the body needs \"policy\": a candidate policy.json, e.g. "
                    + "{\"policy\": {\"disabled\": [\"RetryFailedTasks\"]}}");
        }
        try {
            PolicyOverrides overrides = Json.read(policy.toString(), PolicyOverrides.class);
            overrides.moves().forEach(PolicyOverrides.Move::toPosition);
            return overrides;
        } catch (OrionException e) {
            throw new InvalidRequestException("\"policy\" is not a policy.json: " + e.getMessage());
        }
    }

    private static Instant since(JsonNode since) {
        if (since.isMissingNode() || since.isNull()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(since.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("\"since\" must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, got "
                    + since);
        }
    }
}
