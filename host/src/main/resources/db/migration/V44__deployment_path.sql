-- Where a Prefect runner (flow.serve()) finds a deployment's entrypoint file: Prefect's
-- deployment 'path', kept as the client sent it and answered back.
ALTER TABLE deployment ADD COLUMN path TEXT;
