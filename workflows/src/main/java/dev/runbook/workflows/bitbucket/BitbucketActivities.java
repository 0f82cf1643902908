package dev.runbook.workflows.bitbucket;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Calls to an instance's Bitbucket REST API, made by the control worker. Credentials are resolved
 * inside the activity from the instance's configuration and never leave it.
 *
 * <p>Failures: {@link FailureTypes#BITBUCKET_UNREACHABLE} (retryable) when it does not answer;
 * {@link FailureTypes#BITBUCKET_AUTH}, {@link FailureTypes#BITBUCKET_PROTOCOL},
 * {@link FailureTypes#SECRET_MISSING}, {@link FailureTypes#UNKNOWN_INSTANCE} and
 * {@link FailureTypes#CONFIG_INVALID} (not retryable).
 */
@ActivityInterface
public interface BitbucketActivities {
  /** {@code GET /status} without authentication; a 503 STARTING is an answer, not a failure. */
  @ActivityMethod(name = "BitbucketStatus")
  BitbucketStatus status(BitbucketRequest request);

  /** {@code GET /rest/api/1.0/application-properties} with the instance's admin credentials. */
  @ActivityMethod(name = "BitbucketVersion")
  BitbucketVersion version(BitbucketRequest request);
}
