package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.host.server.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prefect's {@code empirical_policy} of a flow run or task run: retries, retry delays (one
 * number or a list), jitter, pause bookkeeping. The deprecated {@code max_retries} and
 * {@code retry_delay_seconds} are read when the newer fields are absent.
 */
public record EmpiricalPolicyJson(
        Integer maxRetries,
        Double retryDelaySeconds,
        Integer retries,
        JsonNode retryDelay,
        Double retryJitterFactor,
        Set<String> pauseKeys,
        Boolean resuming) {

    public RunPolicy toPolicy() {
        int n = retries != null ? retries : maxRetries != null ? maxRetries : 0;
        if (n < 0) {
            throw new InvalidRequestException("empirical_policy.retries must be 0 or more, got " + n);
        }
        List<Double> delays = new ArrayList<>();
        if (retryDelay != null && !retryDelay.isNull()) {
            if (retryDelay.isArray()) {
                retryDelay.forEach(d -> delays.add(number(d)));
            } else {
                delays.add(number(retryDelay));
            }
        } else if (retryDelaySeconds != null && retryDelaySeconds > 0) {
            delays.add(retryDelaySeconds);
        }
        return new RunPolicy(n, delays, retryJitterFactor, pauseKeys, Boolean.TRUE.equals(resuming));
    }

    private static double number(JsonNode n) {
        if (!n.isNumber() || n.asDouble() < 0) {
            throw new InvalidRequestException("empirical_policy.retry_delay must be seconds (0 or more), got " + n);
        }
        return n.asDouble();
    }

    /** The policy as Prefect answers it for a run of this kind. */
    public static Map<String, Object> of(RunPolicy p, RunKind kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_retries", 0);
        m.put("retry_delay_seconds", 0.0);
        m.put("retries", p.retries());
        List<Double> delays = p.retryDelaysSeconds();
        Object delay = delays.isEmpty() ? 0 : delays.size() == 1 ? (Object) delays.getFirst() : delays;
        m.put("retry_delay", delay);
        if (kind == RunKind.FLOW) {
            m.put("pause_keys", p.pauseKeys());
            m.put("resuming", p.resuming());
        } else {
            m.put("retry_jitter_factor", p.retryJitterFactor());
        }
        return m;
    }
}
