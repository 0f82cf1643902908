package dev.runbook.workflows.internal;

import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/**
 * What started this run, from what Temporal put on it, never from its input or search attributes: the Web
 * UI's start form copies both from the newest earlier run ({@code "trigger":"cli"} and
 * {@code RunbookTrigger=cli} included), but not its memo. Workflow code: it reads what the run started
 * with, which replays the same.
 *
 * <ul>
 *   <li>{@code TemporalScheduledById} (set by Temporal on every run a Schedule starts): {@link Trigger#SCHEDULE};
 *   <li>the memo {@link RunLabel#TRIGGER_MEMO}, set by runbook's own starters (the CLI, the webhook, a parent
 *       run): that trigger;
 *   <li>neither: {@link Trigger#UI}, a start from the Temporal Web UI's form (or {@code temporal workflow start}).
 * </ul>
 */
public final class StartedBy {
  /** Set by Temporal on runs that a Schedule started: the schedule's id. */
  public static final SearchAttributeKey<String> SCHEDULED_BY_ID = SearchAttributeKey.forKeyword("TemporalScheduledById");

  private StartedBy() {}

  /** The trigger of the current run. */
  public static Trigger trigger() {
    if (scheduleId() != null) {
      return Trigger.SCHEDULE;
    }
    String given = Workflow.getMemo(RunLabel.TRIGGER_MEMO, String.class, String.class);
    return given == null || given.isBlank() ? Trigger.UI : Trigger.of(given);
  }

  /** The id of the schedule that started the current run, or null. */
  public static String scheduleId() {
    return Workflow.getTypedSearchAttributes().get(SCHEDULED_BY_ID);
  }

  /** Options for a child run started by this one: it inherits this run's trigger, and shows its label in the UI. */
  public static ChildWorkflowOptions.Builder child(RunLabel label, String requestedBy) {
    return ChildWorkflowOptions.newBuilder()
        .setTypedSearchAttributes(label.searchAttributes())
        .setMemo(label.memo())
        .setStaticSummary(label.summary())
        .setStaticDetails(label.details(requestedBy));
  }
}
