package dev.runbook.workflows.restore;

import dev.runbook.workflows.approval.SignedRequest;
import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link RestoreWorkflow}, for example {@code {"instance":"prod","point":"latest"}}.
 *
 * @param instance the instance (required)
 * @param point a restore point id, or {@code latest} (the default): the newest complete one
 * @param planOnly compute and show the plan, change nothing
 * @param replaceDatabase restore over an existing database, keeping it under {@code <name>_pre_restore_<time>};
 *     without it, an existing database refuses the restore in the plan
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@link #UNKNOWN} when absent. This person cannot approve the run, and a
 *     run that needs approval refuses to start without it: otherwise its requester could approve it.
 * @param alwaysApprove true makes the run wait for a second person even when the instance's
 *     {@code restore.requireApproval} is false, as the incident webhook asks for every restore it starts. It
 *     can only add the approval, never waive it, so it may come from input.
 * @param request the requester's signed request, made by the CLI; required with {@code approval: signed}, null otherwise
 */
public record RestoreInput(String instance, String point, boolean planOnly, boolean replaceDatabase, Trigger trigger,
                           String requestedBy, boolean alwaysApprove, SignedRequest request) {
  /** The requester of a run whose input names none. */
  public static final String UNKNOWN = dev.runbook.workflows.internal.ApprovalGate.UNKNOWN;

  public RestoreInput {
    point = point == null || point.isBlank() ? "latest" : point;
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? UNKNOWN : requestedBy;
  }

  /** An unsigned restore ({@code approval: named}). */
  public RestoreInput(String instance, String point, boolean planOnly, boolean replaceDatabase, Trigger trigger,
                      String requestedBy, boolean alwaysApprove) {
    this(instance, point, planOnly, replaceDatabase, trigger, requestedBy, alwaysApprove, null);
  }

  /** A restore that needs approval only when the instance's configuration says so. */
  public RestoreInput(String instance, String point, boolean planOnly, boolean replaceDatabase, Trigger trigger,
                      String requestedBy) {
    this(instance, point, planOnly, replaceDatabase, trigger, requestedBy, false, null);
  }
}
