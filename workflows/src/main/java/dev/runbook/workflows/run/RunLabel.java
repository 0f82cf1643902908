package dev.runbook.workflows.run;

import dev.runbook.workflows.RunbookSearchAttributes;
import io.temporal.common.SearchAttributes;

/**
 * How a run introduces itself in the Temporal UI: the static summary and details given when it is
 * started. A workflow cannot set these itself, so whatever starts a runbook (the CLI, a runbook
 * starting another, later schedules and webhooks) builds them here and every run reads the same way.
 *
 * @param runbook the runbook kind, for example {@code backup}
 * @param subject the instance or mirror the run works on, or null for a runbook over every host or mirror
 * @param trigger what starts the run
 */
public record RunLabel(String runbook, String subject, Trigger trigger) {
  /** The memo key under which runbook's starters name a run's trigger. */
  public static final String TRIGGER_MEMO = "runbookTrigger";

  /** One line for the UI's list and the run's header, for example {@code backup of prod (cli)}. */
  public String summary() {
    return runbook + (hasSubject() ? " of " + subject : "") + " (" + trigger.id() + ")";
  }

  /**
   * A few lines for the run's page, naming who asked for it.
   *
   * @param requestedBy the person or runbook the run is started for, or null when unknown
   */
  public String details(String requestedBy) {
    return "runbook: " + runbook + "\n"
        + (hasSubject() ? "on: " + subject + "\n" : "")
        + "trigger: " + trigger.id() + "\n"
        + "requested by: " + (requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy) + "\n"
        + "steps: the progress query, or runbook show RUN";
  }

  /**
   * The search attributes every starter sets: {@code RunbookKind}, {@code RunbookTrigger} (which the run
   * reads back as its trigger) and, when the run has a subject, {@code RunbookInstance}.
   */
  /**
   * The memo runbook's own starters put on a run: its trigger, under {@link #TRIGGER_MEMO}. The run reads
   * its trigger from here, not from the {@code RunbookTrigger} search attribute: the Web UI's start form
   * copies an earlier run's search attributes (and input) into a new start, but not its memo.
   */
  public java.util.Map<String, Object> memo() {
    return java.util.Map.of(TRIGGER_MEMO, trigger.id());
  }

  public SearchAttributes searchAttributes() {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder()
        .set(RunbookSearchAttributes.KIND, runbook)
        .set(RunbookSearchAttributes.TRIGGER, trigger.id());
    if (hasSubject()) {
      attributes.set(RunbookSearchAttributes.INSTANCE, subject);
    }
    return attributes.build();
  }

  private boolean hasSubject() {
    return subject != null && !subject.isBlank();
  }
}
