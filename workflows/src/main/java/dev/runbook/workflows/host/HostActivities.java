package dev.runbook.workflows.host;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Steps that must run on a particular host, served on that host's own queue
 * ({@code runbook-host-<name>}): by the host's agent, or, for hosts with {@code mode: ssh}, by the
 * control worker over SSH. One interface either way; the configuration chooses.
 *
 * <p>Failures: {@link FailureTypes#WRONG_HOST}, {@link FailureTypes#HOST_KEY_REJECTED},
 * {@link FailureTypes#SSH_AUTH_FAILED}, {@link FailureTypes#UNKNOWN_INSTANCE} and
 * {@link FailureTypes#CONFIG_INVALID} are not retryable; {@link FailureTypes#HOST_UNREACHABLE},
 * {@link FailureTypes#COMMAND_FAILED} and {@link FailureTypes#COMMAND_TIMED_OUT} are.
 */
@ActivityInterface
public interface HostActivities {
  /** Answers with who and where runs this host's steps; over SSH, a handshake and a command. */
  @ActivityMethod(name = "Ping")
  PingAnswer ping(PingRequest request);

  /** Stops the node's services (units in reverse order); stopping stopped services succeeds. Heartbeats. */
  @ActivityMethod(name = "StopServices")
  ServiceResult stopServices(ServiceRequest request);

  /** Starts the node's services (units in order); starting running services succeeds. Heartbeats. */
  @ActivityMethod(name = "StartServices")
  ServiceResult startServices(ServiceRequest request);

  /** Reports whether the node's services run. Changes nothing. */
  @ActivityMethod(name = "ServiceStatus")
  ServiceResult serviceStatus(ServiceRequest request);

  /**
   * Removes stale git lock files left in repositories captured mid-write: {@code *.lock} beside each
   * repository's HEAD, index, packed-refs and config, and under its refs. Runs on the home host.
   */
  @ActivityMethod(name = "CleanGitLocks")
  LockCleanup cleanGitLocks(InstanceHostRequest request);

  /**
   * Waits until Mesh node's RPC port accepts a TCP connection on 127.0.0.1 of its own host, trying every
   * half second and heartbeating; {@link FailureTypes#PRECONDITION_FAILED} (not retried) after the timeout.
   * Returns how long it waited, in milliseconds.
   */
  @ActivityMethod(name = "AwaitMeshPort")
  long awaitMeshPort(MeshPortWait wait);

  /** Sets {@code disaster.recovery} in the instance's bitbucket.properties to the request's flag. */
  @ActivityMethod(name = "SetIntegrityCheck")
  void setIntegrityCheck(InstanceHostRequest request);
}
