-- Orion's core schema. One file for SQLite and PostgreSQL: portable types only.
-- Ids are UUID strings; times are microseconds since the epoch (UTC); JSON is TEXT.

CREATE TABLE flow (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    created     BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_flow_name ON flow (name);

CREATE TABLE flow_run (
    id                        VARCHAR(36)  PRIMARY KEY,
    flow_id                   VARCHAR(36)  NOT NULL,
    flow_name                 VARCHAR(255) NOT NULL,
    name                      VARCHAR(255) NOT NULL,
    parameters                TEXT         NOT NULL,
    tags                      TEXT         NOT NULL,
    policy                    TEXT         NOT NULL,
    parent_task_run_id        VARCHAR(36),
    deployment_id             VARCHAR(36),
    idempotency_key           VARCHAR(255),
    work_queue_name           VARCHAR(255),
    infrastructure_pid        VARCHAR(255),
    state_type                VARCHAR(16),
    state_name                VARCHAR(64),
    state_timestamp           BIGINT,
    state_message             TEXT,
    state_details             TEXT,
    state_result_ref          TEXT,
    run_count                 INTEGER      NOT NULL,
    start_time                BIGINT,
    end_time                  BIGINT,
    expected_start_time       BIGINT,
    next_scheduled_start_time BIGINT,
    total_run_time_us         BIGINT       NOT NULL,
    created                   BIGINT       NOT NULL,
    updated                   BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_flow_run_idempotency ON flow_run (flow_id, idempotency_key);
CREATE INDEX ix_flow_run_state_type ON flow_run (state_type);
CREATE INDEX ix_flow_run_flow_name ON flow_run (flow_name);
CREATE INDEX ix_flow_run_created ON flow_run (created);
CREATE INDEX ix_flow_run_next_start ON flow_run (next_scheduled_start_time);
CREATE INDEX ix_flow_run_parent_task_run ON flow_run (parent_task_run_id);

CREATE TABLE task_run (
    id                        VARCHAR(36)  PRIMARY KEY,
    flow_run_id               VARCHAR(36)  NOT NULL,
    flow_name                 VARCHAR(255),
    task_key                  VARCHAR(255) NOT NULL,
    dynamic_key               VARCHAR(255) NOT NULL,
    name                      VARCHAR(255) NOT NULL,
    tags                      TEXT         NOT NULL,
    policy                    TEXT         NOT NULL,
    task_inputs               TEXT         NOT NULL,
    state_type                VARCHAR(16),
    state_name                VARCHAR(64),
    state_timestamp           BIGINT,
    state_message             TEXT,
    state_details             TEXT,
    state_result_ref          TEXT,
    run_count                 INTEGER      NOT NULL,
    flow_run_run_count        INTEGER      NOT NULL,
    start_time                BIGINT,
    end_time                  BIGINT,
    expected_start_time       BIGINT,
    next_scheduled_start_time BIGINT,
    total_run_time_us         BIGINT       NOT NULL,
    created                   BIGINT       NOT NULL,
    updated                   BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_task_run_key ON task_run (flow_run_id, task_key, dynamic_key);
CREATE INDEX ix_task_run_state_type ON task_run (state_type);

-- Every state a run has been in, with the rule that decided it (if one intervened).
CREATE TABLE run_state (
    id          VARCHAR(36) PRIMARY KEY,
    run_id      VARCHAR(36) NOT NULL,
    run_kind    VARCHAR(4)  NOT NULL,
    type        VARCHAR(16) NOT NULL,
    name        VARCHAR(64) NOT NULL,
    timestamp   BIGINT      NOT NULL,
    message     TEXT,
    details     TEXT,
    result_ref  TEXT,
    rule        VARCHAR(255),
    reason      TEXT
);
CREATE INDEX ix_run_state_run ON run_state (run_id, timestamp);

-- The decision log: every proposal and what the policy made of it.
CREATE TABLE decision (
    id             VARCHAR(36) PRIMARY KEY,
    run_id         VARCHAR(36) NOT NULL,
    run_kind       VARCHAR(4)  NOT NULL,
    from_type      VARCHAR(16),
    from_name      VARCHAR(64),
    proposed_type  VARCHAR(16) NOT NULL,
    proposed_name  VARCHAR(64) NOT NULL,
    status         VARCHAR(8)  NOT NULL,
    result_type    VARCHAR(16),
    result_name    VARCHAR(64),
    rule           VARCHAR(255),
    reason         TEXT,
    delay_seconds  DOUBLE PRECISION,
    forced         SMALLINT    NOT NULL,
    timestamp      BIGINT      NOT NULL
);
CREATE INDEX ix_decision_run ON decision (run_id, timestamp);

CREATE TABLE log (
    id           VARCHAR(36)  PRIMARY KEY,
    flow_run_id  VARCHAR(36),
    task_run_id  VARCHAR(36),
    level        VARCHAR(8)   NOT NULL,
    logger       VARCHAR(255) NOT NULL,
    message      TEXT         NOT NULL,
    timestamp    BIGINT       NOT NULL
);
CREATE INDEX ix_log_flow_run ON log (flow_run_id, timestamp);
CREATE INDEX ix_log_task_run ON log (task_run_id);

CREATE TABLE concurrency_limit (
    id            VARCHAR(36)  PRIMARY KEY,
    tag           VARCHAR(255) NOT NULL,
    slot_limit    INTEGER      NOT NULL,
    active_slots  TEXT         NOT NULL,
    created       BIGINT       NOT NULL,
    updated       BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_concurrency_limit_tag ON concurrency_limit (tag);

-- Completed task states reusable by cache key (Prefect's task_run_state_cache).
CREATE TABLE task_cache (
    id           VARCHAR(36) PRIMARY KEY,
    cache_key    TEXT        NOT NULL,
    task_run_id  VARCHAR(36),
    state        TEXT        NOT NULL,
    expiration   BIGINT,
    created      BIGINT      NOT NULL
);
CREATE INDEX ix_task_cache_key ON task_cache (cache_key, created);
