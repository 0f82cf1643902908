package dev.runbook.activities.aws;

import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's exceptions into the stable failure types: {@code AwsUnavailable} (retryable) for
 * network errors, throttling and AWS's own 5xx; {@code AwsRefused} (not retryable) for every other
 * refusal, with AWS's error code and message, which never contain credentials.
 */
public final class AwsFailures {
  private static final Set<String> RETRYABLE_CODES = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
      "ServiceUnavailable", "Unavailable", "InternalError", "InternalFailure", "RequestExpired");

  private AwsFailures() {}

  /** Runs one AWS call; {@code what} says what it was for, as in "CreateSnapshots for i-0abc". */
  public static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(what, e);
    }
  }

  /** Runs one AWS call that names a resource: empty when AWS says it does not exist. */
  public static <T> java.util.Optional<T> ifExists(String what, Supplier<T> call) {
    try {
      return java.util.Optional.ofNullable(call.get());
    } catch (SdkException e) {
      if (notFound(e)) {
        return java.util.Optional.empty();
      }
      throw translate(what, e);
    }
  }

  /** The failure for {@code e}. */
  public static ApplicationFailure translate(String what, SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      String detail = s.awsErrorDetails() == null || s.awsErrorDetails().errorMessage() == null
          ? s.getMessage() : s.awsErrorDetails().errorMessage();
      String text = what + " failed: " + (code == null ? "" : code + ": ") + detail;
      if (s.statusCode() >= 500 || s.isThrottlingException() || (code != null && RETRYABLE_CODES.contains(code))) {
        return ApplicationFailure.newFailure(text, FailureTypes.AWS_UNAVAILABLE);
      }
      return ApplicationFailure.newNonRetryableFailure(text, FailureTypes.AWS_REFUSED);
    }
    return ApplicationFailure.newFailure(what + " failed: " + e.getMessage(), FailureTypes.AWS_UNAVAILABLE);
  }

  /** True when {@code e} is AWS saying the named resource does not exist. */
  public static boolean notFound(SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
      String code = s.awsErrorDetails().errorCode();
      return code.endsWith("NotFound") || code.endsWith("NotFoundFault") || code.endsWith(".NotFound");
    }
    return false;
  }

  /** A refusal of ours (a state the step cannot work with): not retryable. */
  public static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.AWS_REFUSED);
  }
}
