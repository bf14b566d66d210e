-- Issue 13, distributed mode: the pace of each API action in each region, shared by every process on this
-- ledger (cloud.Bucket4jRateLimits). One row per bucket, written only by Bucket4j's PostgreSQL proxy manager
-- (PostgreSQLSelectForUpdateBasedProxyManager, 8.18.0): it inserts (id, NULL), locks the row with
-- SELECT state ... FOR UPDATE, and writes the bucket's serialized state back with UPDATE ... SET state = ?.
-- id: "<action>@<region>@<rate>", set with PreparedStatement.setString (Bucket4j's PrimaryKeyMapper.STRING).
-- state: the bytes of Bucket4j's RemoteBucketState (setBytes/getBytes). No expires_at column: the buckets are
-- few (actions x regions x rates) and are never expired. Created on H2 too, as every migration is, but used
-- only on PostgreSQL: a single process on the embedded ledger keeps its pace in memory.
CREATE TABLE rate_bucket (
    id     VARCHAR(200) NOT NULL PRIMARY KEY,
    state  BYTEA
);
