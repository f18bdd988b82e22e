-- When the engine executing a flow run last said it is alive (epoch microseconds); workers
-- heartbeat every run they execute, so a run whose heartbeats stop can be declared crashed.
ALTER TABLE flow_run ADD COLUMN heartbeat BIGINT;
