package dev.orion.host.server.model;

import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The answer of {@code set_state}: {@code {"state", "status", "details": {"type", "reason", "delay_seconds"}}}. */
public record OrchestrationResultJson(StateJson state, ResultStatus status, Map<String, Object> details) {

    public static OrchestrationResultJson of(OrchestrationResult r, UUID flowRunId, UUID taskRunId) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", r.status().name().toLowerCase(Locale.ROOT) + "_details");
        switch (r.status()) {
            case ACCEPT -> { }
            case WAIT -> {
                d.put("delay_seconds", r.details().delaySeconds() == null ? 0.0 : r.details().delaySeconds());
                d.put("reason", r.details().reason());
            }
            case REJECT, ABORT -> d.put("reason", r.details().reason());
        }
        return new OrchestrationResultJson(StateJson.of(r.state(), flowRunId, taskRunId), r.status(), d);
    }

    /** 201 when a state was written, 200 for WAIT and ABORT, as Prefect answers. */
    public int httpStatus() {
        return status == ResultStatus.WAIT || status == ResultStatus.ABORT ? 200 : 201;
    }
}
