package dev.runbook.workflows.bitbucket;

/**
 * What {@code GET /status} answered.
 *
 * @param url the URL asked
 * @param httpStatus the HTTP status code (503 while STARTING)
 * @param state the application state: STARTING, RUNNING, FIRST_RUN, MAINTENANCE, or another state a
 *     newer Bitbucket reports
 */
public record BitbucketStatus(String url, int httpStatus, String state) {
  /** True when Bitbucket reports RUNNING. */
  public boolean running() {
    return "RUNNING".equals(state);
  }
}
