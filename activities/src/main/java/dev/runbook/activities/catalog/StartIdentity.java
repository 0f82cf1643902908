package dev.runbook.activities.catalog;

/**
 * The identity a run's start carried, as Temporal recorded it in the run's first history event. The
 * Temporal Web UI without sign-in sends none, so a run it started has an empty identity; the CLI and
 * the SDKs always send one.
 */
@FunctionalInterface
public interface StartIdentity {
  /** The identity of whoever started the run; empty when the start carried none or the run is unknown. */
  String of(String workflowId, String runId);

  /** Knows no identity: every run counts as started without one. */
  StartIdentity NONE = (workflowId, runId) -> "";
}
