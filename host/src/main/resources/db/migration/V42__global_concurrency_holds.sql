-- The slots of global concurrency limits that Orion's own flow runs hold, so the slots of a run
-- declared Crashed (its process died) are freed. Prefect clients' slots carry no run: not kept.
CREATE TABLE global_concurrency_hold (
    id           VARCHAR(36)  PRIMARY KEY,
    flow_run_id  VARCHAR(36)  NOT NULL,
    names        TEXT         NOT NULL,
    slots        INTEGER      NOT NULL,
    created      BIGINT       NOT NULL
);
CREATE INDEX ix_global_concurrency_hold_run ON global_concurrency_hold (flow_run_id);
