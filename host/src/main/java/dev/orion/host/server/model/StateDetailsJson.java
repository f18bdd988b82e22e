package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.StateDetails;
import java.time.Instant;
import java.util.UUID;

/** Prefect 2.14's {@code state_details}, as sent and answered. */
public record StateDetailsJson(
        UUID flowRunId,
        UUID taskRunId,
        UUID childFlowRunId,
        Instant scheduledTime,
        String cacheKey,
        Instant cacheExpiration,
        Boolean untrackableResult,
        Instant pauseTimeout,
        Boolean pauseReschedule,
        String pauseKey,
        JsonNode runInputKeyset,
        Boolean refreshCache,
        Boolean retriable,
        UUID transitionId,
        UUID taskParametersId) {

    /** The details Orion keeps. */
    public StateDetails toDetails() {
        return new StateDetails(scheduledTime, cacheKey, cacheExpiration, refreshCache, null, transitionId,
                pauseTimeout, pauseReschedule, pauseKey, childFlowRunId, retriable);
    }

    /** The details of a stored state, with the run ids the server knows. */
    public static StateDetailsJson of(StateDetails d, UUID flowRunId, UUID taskRunId) {
        return new StateDetailsJson(flowRunId, taskRunId, d.childFlowRunId(), d.scheduledTime(), d.cacheKey(),
                d.cacheExpiration(), false, d.pauseTimeout(), d.reschedulesOnPause(), d.pauseKey(), null,
                d.refreshCache(), d.retriable(), d.transitionId(), null);
    }
}
