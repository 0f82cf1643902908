package dev.runbook.workflows.internal;

import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/**
 * What started this run, from what Temporal put on it, never from its input (the Web UI copies the input
 * of an earlier run, {@code "trigger":"cli"} included). Workflow code: it reads the run's start
 * search attributes, which replay the same.
 *
 * <ul>
 *   <li>{@code TemporalScheduledById} (set by Temporal on every run a Schedule starts): {@link Trigger#SCHEDULE};
 *   <li>{@code RunbookTrigger} set at start, as runbook's own starters do (the CLI, the webhook, a parent
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
    SearchAttributes attributes = Workflow.getTypedSearchAttributes();
    if (scheduleId() != null) {
      return Trigger.SCHEDULE;
    }
    String given = attributes.get(RunbookSearchAttributes.TRIGGER);
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
        .setStaticSummary(label.summary())
        .setStaticDetails(label.details(requestedBy));
  }
}
