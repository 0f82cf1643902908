-- Restore verifications (runbook verify): one row per verify run. While outcome is RUNNING the row is the
-- run's hold on its restore point, which retention respects; once ended it is the evidence that the point
-- restored (or why it did not). Numbered apart from other migrations so branches made at the same time do
-- not collide.
CREATE TABLE verifications (
  run_id            VARCHAR(64)  NOT NULL PRIMARY KEY,  -- Temporal run id of the verify run
  workflow_id       VARCHAR(255) NOT NULL,
  restore_point_id  VARCHAR(120) NOT NULL,
  instance          VARCHAR(80)  NOT NULL,
  outcome           VARCHAR(20)  NOT NULL,              -- RUNNING, VERIFIED, FAILED
  started_at        BIGINT       NOT NULL,
  ended_at          BIGINT,
  row_counts        TEXT,                               -- JSON object: key table -> rows in the scratch restore
  repositories      TEXT,                               -- JSON array: repositories that git fsck checked
  detail            TEXT
);
CREATE INDEX verifications_point ON verifications (restore_point_id, started_at);
CREATE INDEX verifications_instance ON verifications (instance, started_at);
