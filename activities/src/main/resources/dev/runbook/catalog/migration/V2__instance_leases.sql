-- One backup or restore per instance at a time: the run holding an instance.
CREATE TABLE instance_leases (
  instance     VARCHAR(80)  NOT NULL PRIMARY KEY,
  run_id       VARCHAR(64)  NOT NULL,
  workflow_id  VARCHAR(255) NOT NULL,
  runbook      VARCHAR(40)  NOT NULL,
  acquired_at  BIGINT       NOT NULL
);
