-- A proposal that writes a state keeps its decision on that state's row (one row per fact);
-- the decision table keeps only the proposals that wrote nothing (WAIT, ABORT, REJECT keeping
-- the current state). Rows written before this migration keep their decision rows.
ALTER TABLE run_state ADD COLUMN from_type VARCHAR(16);
ALTER TABLE run_state ADD COLUMN from_name VARCHAR(64);
ALTER TABLE run_state ADD COLUMN proposed_type VARCHAR(16);
ALTER TABLE run_state ADD COLUMN proposed_name VARCHAR(64);
ALTER TABLE run_state ADD COLUMN status VARCHAR(8);
ALTER TABLE run_state ADD COLUMN forced SMALLINT;
ALTER TABLE run_state ADD COLUMN trace TEXT;
