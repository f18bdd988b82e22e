package dev.orion.host.server.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The answer of {@code POST /api/task_runs/} that carried {@code orion_then_set_state}: the task
 * run's fields, as always, and {@code orion_then_set_state_result}, the {@code set_state} answer
 * to the proposal that followed the creation.
 */
public record TaskRunCreatedJson(@JsonUnwrapped TaskRunJson run, OrchestrationResultJson orionThenSetStateResult) {
}
