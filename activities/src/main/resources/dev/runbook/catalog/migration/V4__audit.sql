-- Audit: a restore point's last verification (written by the verify runbook), and an artifact's
-- checksum where its provider gives one. Both stay NULL until something records them.
ALTER TABLE restore_points ADD COLUMN verified_at BIGINT;
ALTER TABLE restore_points ADD COLUMN verified_run_id VARCHAR(64);
ALTER TABLE restore_points ADD COLUMN verified_detail TEXT;
ALTER TABLE artifacts ADD COLUMN checksum VARCHAR(200);
CREATE INDEX runs_status ON runs (status, started_at);
