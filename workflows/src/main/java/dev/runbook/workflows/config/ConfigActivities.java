package dev.runbook.workflows.config;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Reads the control worker's configuration file, so that a workflow input only names an instance
 * and any runbook can be started from the Temporal UI, a schedule or a webhook. Runs on the control
 * queue.
 */
@ActivityInterface
public interface ConfigActivities {
  /**
   * Loads and validates the configuration and returns the named instance.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link FailureTypes#CONFIG_INVALID} (not retryable) when
   *     the file is missing or invalid, with its problems; {@link FailureTypes#UNKNOWN_INSTANCE} (not
   *     retryable) when no instance has that name, listing the names there are
   */
  @ActivityMethod(name = "ResolveInstance")
  ResolvedInstance resolveInstance(ResolveInstanceRequest request);

  /**
   * Every host of the configuration, in order, with its roles.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link FailureTypes#CONFIG_INVALID} (not retryable)
   */
  @ActivityMethod(name = "ListHosts")
  HostList listHosts(ListHostsRequest request);

  /**
   * Loads and validates the configuration and returns the named mirror.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link FailureTypes#CONFIG_INVALID} or
   *     {@link FailureTypes#UNKNOWN_MIRROR} (not retryable; the latter lists the names there are)
   */
  @ActivityMethod(name = "ResolveMirror")
  ResolvedMirror resolveMirror(ResolveMirrorRequest request);

  /**
   * Every mirror of the configuration, in order.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link FailureTypes#CONFIG_INVALID} (not retryable)
   */
  @ActivityMethod(name = "ListMirrors")
  MirrorList listMirrors(ListMirrorsRequest request);
}
