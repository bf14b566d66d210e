-- Distributed mode (import --workers, worker): who the ledger is, which workers serve it, and a lease
-- per remote partition. Plain types, so that the file runs on the embedded H2 ledger too (the tables
-- then stay empty: distributed mode needs PostgreSQL).

-- One row, written by the first process on the ledger (ledger.LedgerIdentity): every partition
-- request carries the id, and a worker refuses requests of another ledger.
CREATE TABLE ledger_identity (
    singleton   INTEGER     NOT NULL PRIMARY KEY CHECK (singleton = 1),
    ledger_id   VARCHAR(36) NOT NULL,
    created_at  TIMESTAMP   NOT NULL
);

-- The workers that served this ledger, for status; heartbeat_at by the database's clock.
CREATE TABLE migrator_worker (
    worker_id     VARCHAR(100)             NOT NULL PRIMARY KEY,
    host          VARCHAR(255)             NOT NULL,
    pid           BIGINT                   NOT NULL,
    version       VARCHAR(50)              NOT NULL,
    concurrency   INTEGER                  NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_at    TIMESTAMP WITH TIME ZONE
);

-- One row per remote partition's step execution (BATCH_STEP_EXECUTION): QUEUED by the manager,
-- RUNNING once a worker claimed it (renewed every heartbeat until lease_until), then DONE, RELEASED
-- (the worker stopped and handed it back) or LOST (the lease expired: the manager takes it over).
CREATE TABLE partition_lease (
    step_execution_id  BIGINT                   NOT NULL PRIMARY KEY,
    job_execution_id   BIGINT                   NOT NULL,
    run_id             BIGINT                   NOT NULL,
    step_name          VARCHAR(100)             NOT NULL,
    state              VARCHAR(10)              NOT NULL,
    worker_id          VARCHAR(100),
    takeover_of        BIGINT,
    queued_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at            TIMESTAMP WITH TIME ZONE,
    claimed_at         TIMESTAMP WITH TIME ZONE,
    heartbeat_at       TIMESTAMP WITH TIME ZONE,
    lease_until        TIMESTAMP WITH TIME ZONE,
    ended_at           TIMESTAMP WITH TIME ZONE,
    refusals           INTEGER                  NOT NULL DEFAULT 0,
    last_refusal       VARCHAR(400)
);
CREATE INDEX partition_lease_run ON partition_lease (run_id, state);
