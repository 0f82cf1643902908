-- Who asked to cancel a run, when and why (runbook cancel); the run's own outcome records what happened then.
CREATE TABLE cancel_requests (
  run_id        VARCHAR(64)  NOT NULL,  -- no reference: a run may be cancelled before it recorded its start
  requested_by  VARCHAR(200) NOT NULL,
  reason        TEXT         NOT NULL,
  requested_at  BIGINT       NOT NULL
);
CREATE INDEX cancel_requests_run ON cancel_requests (run_id, requested_at);
