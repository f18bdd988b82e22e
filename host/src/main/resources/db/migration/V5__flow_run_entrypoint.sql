-- Where a flow run's flow was loaded from (FILE or FILE:FLOW, or flow:NAME for a plugin's), so
-- 'orion flow-run retry' can load it again.
ALTER TABLE flow_run ADD COLUMN entrypoint TEXT;
