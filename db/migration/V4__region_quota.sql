-- The quotas the submit step worked with in each region of a run, and where each number came from
-- (Quota Center, a per-region setting, the account-wide setting), so that `status` can say so.
CREATE TABLE region_quota (
    run_id            BIGINT       NOT NULL,
    region            VARCHAR(64)  NOT NULL,
    images            BIGINT       NOT NULL,
    images_source     VARCHAR(128) NOT NULL,
    snapshots         BIGINT       NOT NULL,
    snapshots_source  VARCHAR(128) NOT NULL,
    read_at           TIMESTAMP    NOT NULL,
    PRIMARY KEY (run_id, region)
);
