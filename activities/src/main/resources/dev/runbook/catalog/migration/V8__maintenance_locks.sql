-- Bitbucket maintenance locks a run holds, with the token that releases them, so `runbook sweep`
-- can unlock Bitbucket when the run that locked it was terminated or timed out on the server.
-- The token unlocks this one maintenance session only; it is not a credential.
CREATE TABLE maintenance_locks (
  instance      VARCHAR(80)  NOT NULL PRIMARY KEY,
  run_id        VARCHAR(64)  NOT NULL,
  workflow_id   VARCHAR(255) NOT NULL,
  unlock_token  TEXT         NOT NULL,
  locked_at     BIGINT       NOT NULL
);
