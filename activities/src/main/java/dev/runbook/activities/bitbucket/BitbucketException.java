package dev.runbook.activities.bitbucket;

import dev.runbook.workflows.FailureTypes;

/** A Bitbucket call failed; {@link #type()} is one of the Bitbucket {@link FailureTypes}. */
public final class BitbucketException extends RuntimeException {
  private final String type;

  public BitbucketException(String type, String message) {
    super(message);
    this.type = type;
  }

  public String type() {
    return type;
  }

  /** Only an unreachable Bitbucket may answer on a later try. */
  public boolean retryable() {
    return FailureTypes.BITBUCKET_UNREACHABLE.equals(type);
  }
}
