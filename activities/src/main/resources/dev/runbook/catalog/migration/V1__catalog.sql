-- The catalog: an audit record of every run and the restore points backups create.
-- Portable between SQLite and PostgreSQL: times are epoch milliseconds (BIGINT), keys are natural.

CREATE TABLE runs (
  id            VARCHAR(64)  NOT NULL PRIMARY KEY,  -- Temporal run id
  workflow_id   VARCHAR(255) NOT NULL,
  runbook       VARCHAR(40)  NOT NULL,              -- check, backup, restore, mirror-recovery, ...
  instance      VARCHAR(80),
  trigger_kind  VARCHAR(20)  NOT NULL,              -- cli, schedule, incident, manual
  requested_by  VARCHAR(200),
  parameters    TEXT         NOT NULL,              -- workflow input as JSON, secret-looking values removed
  status        VARCHAR(20)  NOT NULL,              -- RUNNING, SUCCEEDED, FAILED, CANCELLED
  summary       TEXT,
  started_at    BIGINT       NOT NULL,
  ended_at      BIGINT
);
CREATE INDEX runs_started ON runs (started_at);
CREATE INDEX runs_instance_started ON runs (instance, started_at);
CREATE INDEX runs_workflow ON runs (workflow_id);

CREATE TABLE steps (
  run_id      VARCHAR(64)  NOT NULL REFERENCES runs (id),
  seq         INTEGER      NOT NULL,
  name        VARCHAR(200) NOT NULL,
  host        VARCHAR(80),
  started_at  BIGINT       NOT NULL,
  ended_at    BIGINT,
  outcome     VARCHAR(20)  NOT NULL,                -- OK, FAILED, SKIPPED
  detail      TEXT,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE approvals (
  run_id      VARCHAR(64)  NOT NULL REFERENCES runs (id),
  seq         INTEGER      NOT NULL,
  decision    VARCHAR(20)  NOT NULL,                -- APPROVED, REJECTED, WAIVED, TIMED_OUT
  decided_by  VARCHAR(200),
  reason      TEXT,
  decided_at  BIGINT       NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE restore_points (
  id                 VARCHAR(120) NOT NULL PRIMARY KEY,  -- <instance>-<yyyyMMdd'T'HHmmss'Z'>
  instance           VARCHAR(80)  NOT NULL,
  run_id             VARCHAR(64)  REFERENCES runs (id),
  status             VARCHAR(20)  NOT NULL,               -- CREATING, COMPLETE, FAILED, DELETED
  created_at         BIGINT       NOT NULL,
  completed_at       BIGINT,
  freeze_started_at  BIGINT,
  freeze_ended_at    BIGINT,
  home_started_at    BIGINT,
  db_started_at      BIGINT,
  deleted_at         BIGINT,
  detail             TEXT
);
CREATE INDEX restore_points_instance ON restore_points (instance, created_at);

CREATE TABLE artifacts (
  restore_point_id  VARCHAR(120) NOT NULL REFERENCES restore_points (id),
  name              VARCHAR(200) NOT NULL,                -- for example home:/srv/bitbucket/shared, db
  kind              VARCHAR(40)  NOT NULL,                -- home-snapshot, db-dump
  provider          VARCHAR(40)  NOT NULL,
  host              VARCHAR(80),
  location          TEXT         NOT NULL,                -- snapshot path, name or tag; dump directory
  size_bytes        BIGINT,
  duration_ms       BIGINT,
  created_at        BIGINT       NOT NULL,
  deleted_at        BIGINT,
  PRIMARY KEY (restore_point_id, name)
);
