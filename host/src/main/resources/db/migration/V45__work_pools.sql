-- Prefect's work pools: a pool holds work queues. Orion's own work queues, and those Prefect's
-- agents use, are the queues of 'default-agent-pool' (a queue without a pool is in it); a queue
-- of another pool is stored under the name 'POOL/QUEUE', so that queue names stay unique and a
-- flow run still names its queue.
CREATE TABLE work_pool (
    id                VARCHAR(36)  PRIMARY KEY,
    name              VARCHAR(255) NOT NULL,
    description       TEXT,
    type              VARCHAR(255) NOT NULL,
    base_job_template TEXT         NOT NULL,
    is_paused         SMALLINT     NOT NULL,
    concurrency_limit INTEGER,
    created           BIGINT       NOT NULL,
    updated           BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_work_pool_name ON work_pool (name);
INSERT INTO work_pool (id, name, description, type, base_job_template, is_paused, concurrency_limit, created, updated)
VALUES ('00000000-0000-4000-8000-00000000a9e7', 'default-agent-pool',
        'The work queues of Orion''s workers and of Prefect''s agents', 'prefect-agent', '{}', 0, NULL, 0, 0);
ALTER TABLE work_queue ADD COLUMN work_pool_id VARCHAR(36);

-- What Prefect's client sends with a deployment and reads back, kept as sent: version,
-- work_pool_name, parameter_openapi_schema, pull_steps, infra_overrides, storage and
-- infrastructure documents, manifest_path, enforce_parameter_schema (one JSON object).
ALTER TABLE deployment ADD COLUMN prefect_fields TEXT;
