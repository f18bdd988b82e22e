-- Variables: named string values flows read at run time (Prefect 2's variables), set from the
-- CLI or the API. Names are unique; tags are a JSON array of strings.
CREATE TABLE variable (
    id       VARCHAR(36)  PRIMARY KEY,
    name     VARCHAR(255) NOT NULL,
    value    TEXT         NOT NULL,
    tags     TEXT         NOT NULL,
    created  BIGINT       NOT NULL,
    updated  BIGINT       NOT NULL
);
CREATE UNIQUE INDEX uq_variable_name ON variable (name);
