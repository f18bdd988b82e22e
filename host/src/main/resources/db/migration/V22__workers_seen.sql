-- The workers seen on each work queue: when each last polled it, and when one of the runs it
-- executes last heartbeated.
CREATE TABLE worker (
    name            VARCHAR(255) NOT NULL,
    work_queue_id   VARCHAR(36)  NOT NULL,
    last_polled     BIGINT       NOT NULL,
    last_heartbeat  BIGINT,
    PRIMARY KEY (name, work_queue_id)
);
