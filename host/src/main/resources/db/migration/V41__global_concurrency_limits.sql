-- Global concurrency limits and rate limits (Prefect 2's v2 concurrency limits): slots held by
-- name, not by task tag. Active and denied slots decay at slot_decay_per_second from "updated".
CREATE TABLE global_concurrency_limit (
    id                          VARCHAR(36)      PRIMARY KEY,
    name                        VARCHAR(255)     NOT NULL,
    slot_limit                  INTEGER          NOT NULL,
    active                      SMALLINT         NOT NULL,
    active_slots                DOUBLE PRECISION NOT NULL,
    denied_slots                DOUBLE PRECISION NOT NULL,
    slot_decay_per_second       DOUBLE PRECISION NOT NULL,
    avg_slot_occupancy_seconds  DOUBLE PRECISION NOT NULL,
    created                     BIGINT           NOT NULL,
    updated                     BIGINT           NOT NULL
);
CREATE UNIQUE INDEX uq_global_concurrency_limit_name ON global_concurrency_limit (name);
