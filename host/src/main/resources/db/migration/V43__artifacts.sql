-- Artifacts (Prefect 2's): markdown, tables and links a flow or task run publishes. "data" is
-- JSON; artifacts sharing a key are that key's versions, and artifact_collection points at the
-- latest of each key (Prefect's table of that name), kept in the transaction that changes it.
CREATE TABLE artifact (
    id           VARCHAR(36)  PRIMARY KEY,
    key          VARCHAR(255),
    type         VARCHAR(64),
    description  TEXT,
    data         TEXT,
    metadata     TEXT,
    flow_run_id  VARCHAR(36),
    task_run_id  VARCHAR(36),
    created      BIGINT       NOT NULL,
    updated      BIGINT       NOT NULL
);
CREATE INDEX ix_artifact_key_created ON artifact (key, created);
CREATE INDEX ix_artifact_flow_run ON artifact (flow_run_id);
CREATE TABLE artifact_collection (
    id         VARCHAR(36)  PRIMARY KEY,
    key        VARCHAR(255) NOT NULL,
    latest_id  VARCHAR(36)  NOT NULL,
    created    BIGINT       NOT NULL,
    updated    BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_artifact_collection_key ON artifact_collection (key);
