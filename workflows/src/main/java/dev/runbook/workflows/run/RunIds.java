package dev.runbook.workflows.run;

/**
 * How people name runs: by the last 8 characters of the run id. Temporal's server makes run ids as
 * UUIDv7, whose first characters are a timestamp shared by every run of the same minute; the last
 * ones are random.
 */
public final class RunIds {
  /** Characters in a short run id. */
  public static final int SHORT_LENGTH = 8;

  private RunIds() {}

  /** The last {@link #SHORT_LENGTH} characters of {@code runId} (all of it when shorter). */
  public static String shortId(String runId) {
    return runId.length() <= SHORT_LENGTH ? runId : runId.substring(runId.length() - SHORT_LENGTH);
  }
}
