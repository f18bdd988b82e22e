-- The server's tables: Prefect-style blocks (stored as the client sends them), deployments with
-- their schedules, work queues, and the claims workers take on scheduled runs.

CREATE TABLE block_type (
    id          VARCHAR(36)  PRIMARY KEY,
    slug        VARCHAR(255) NOT NULL,
    body        TEXT         NOT NULL,
    created     BIGINT       NOT NULL,
    updated     BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_block_type_slug ON block_type (slug);

CREATE TABLE block_schema (
    id            VARCHAR(36)  PRIMARY KEY,
    checksum      VARCHAR(255) NOT NULL,
    version       VARCHAR(64),
    block_type_id VARCHAR(36)  NOT NULL,
    body          TEXT         NOT NULL,
    created       BIGINT       NOT NULL,
    updated       BIGINT       NOT NULL
);
CREATE INDEX ix_block_schema_checksum ON block_schema (checksum);

CREATE TABLE block_document (
    id              VARCHAR(36)  PRIMARY KEY,
    name            VARCHAR(255) NOT NULL,
    block_type_id   VARCHAR(36)  NOT NULL,
    block_schema_id VARCHAR(36)  NOT NULL,
    data            TEXT         NOT NULL,
    is_anonymous    SMALLINT     NOT NULL,
    created         BIGINT       NOT NULL,
    updated         BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_block_document_name ON block_document (block_type_id, name);

CREATE TABLE deployment (
    id                 VARCHAR(36)  PRIMARY KEY,
    name               VARCHAR(255) NOT NULL,
    flow_id            VARCHAR(36)  NOT NULL,
    flow_name          VARCHAR(255) NOT NULL,
    description        TEXT,
    entrypoint         TEXT,
    schedule           TEXT,
    is_schedule_active SMALLINT     NOT NULL,
    parameters         TEXT         NOT NULL,
    tags               TEXT         NOT NULL,
    work_queue_name    VARCHAR(255),
    created            BIGINT       NOT NULL,
    updated            BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_deployment_flow_name ON deployment (flow_id, name);
CREATE INDEX ix_deployment_name ON deployment (name);

CREATE TABLE work_queue (
    id                VARCHAR(36)  PRIMARY KEY,
    name              VARCHAR(255) NOT NULL,
    description       TEXT,
    is_paused         SMALLINT     NOT NULL,
    concurrency_limit INTEGER,
    priority          INTEGER      NOT NULL,
    tags              TEXT         NOT NULL,
    last_polled       BIGINT,
    created           BIGINT       NOT NULL,
    updated           BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_work_queue_name ON work_queue (name);

-- A worker's claim on one scheduled state of a flow run: the primary key makes a claim atomic.
CREATE TABLE run_claim (
    flow_run_id      VARCHAR(36)  NOT NULL,
    state_timestamp  BIGINT       NOT NULL,
    worker           VARCHAR(255) NOT NULL,
    claimed_at       BIGINT       NOT NULL,
    PRIMARY KEY (flow_run_id, state_timestamp)
);

CREATE INDEX ix_flow_run_queue_due ON flow_run (work_queue_name, state_type, next_scheduled_start_time);
CREATE INDEX ix_flow_run_deployment ON flow_run (deployment_id);
