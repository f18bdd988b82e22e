-- A flow run's task runs in creation order, a page at a time (orion flow-run inspect, the UI's
-- timeline): without it, a page of a run with a million task runs sorts all of them.
CREATE INDEX ix_task_run_flow_run_created ON task_run (flow_run_id, created, id);
