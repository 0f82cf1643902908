package dev.runbook.activities.aws;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS call this test JVM makes (operation, when it was sent, when its answer came),
 * registered for all SDK clients through the SDK's global interceptor list in the test resources.
 */
public final class RecordingInterceptor implements ExecutionInterceptor {
  /** One call: its operation name, and when it started and ended. */
  public record Call(String operation, Instant sent, Instant answered) {}

  public static final List<Call> CALLS = new CopyOnWriteArrayList<>();
  private static final ThreadLocal<Instant> SENT = new ThreadLocal<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SENT.set(Instant.now());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    CALLS.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), SENT.get(), Instant.now()));
  }
}
