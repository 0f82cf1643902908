package dev.runbook.activities.bitbucket;

import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.SecretRef;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.util.function.Supplier;

/** How activities reach Bitbucket: credentials resolved inside the activity, failures typed for retry policies. */
public final class BitbucketCalls {
  private BitbucketCalls() {}

  /** A client of an instance's REST API with its admin credentials. */
  public static BitbucketClient client(Secrets secrets, HttpClient http, InstanceConfig in) {
    String password = secret(secrets, "instance " + in.name() + " bitbucket.password", in.bitbucket().password());
    return new BitbucketClient(http, in.bitbucket().baseUrl(), in.bitbucket().username(), password);
  }

  /** A secret's value, or a non-retryable {@link FailureTypes#SECRET_MISSING} naming the field, never a value. */
  public static String secret(Secrets secrets, String field, SecretRef ref) {
    try {
      return secrets.resolve(field, ref);
    } catch (Secrets.MissingSecretException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.SECRET_MISSING);
    }
  }

  /** Runs a REST call; a {@link BitbucketException} becomes an activity failure of its type, retryable only when unreachable. */
  public static <T> T typed(Supplier<T> call) {
    try {
      return call.get();
    } catch (BitbucketException e) {
      if (e.retryable()) {
        throw ApplicationFailure.newFailure(e.getMessage(), e.type());
      }
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type());
    }
  }
}
