-- Pruning deletes a result file only when no remaining state points at it (a Cached state
-- shares its result with the run it was cached from).
CREATE INDEX ix_run_state_result_ref ON run_state (result_ref) WHERE result_ref IS NOT NULL;
