package dev.runbook.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Custom search attributes every run carries so it can be found in the Temporal UI
 * ({@code RunbookKind = "backup" AND RunbookInstance = "prod" AND RunbookState = "AWAITING_APPROVAL"}). They must be registered on the
 * namespace before a workflow upserts them; the embedded server registers them at every start and
 * the control worker checks them on a real cluster.
 */
public final class RunbookSearchAttributes {
  /** The runbook: {@code check}, {@code backup}, {@code restore}, {@code mirror-recovery}, ... */
  public static final SearchAttributeKey<String> KIND = SearchAttributeKey.forKeyword("RunbookKind");
  /** The instance name from the configuration. */
  public static final SearchAttributeKey<String> INSTANCE = SearchAttributeKey.forKeyword("RunbookInstance");
  /** What started the run: {@code cli}, {@code schedule}, {@code incident}, {@code manual}. */
  public static final SearchAttributeKey<String> TRIGGER = SearchAttributeKey.forKeyword("RunbookTrigger");
  /**
   * Where the run is: a {@link dev.runbook.workflows.run.RunState} name, {@code RUNNING},
   * {@code AWAITING_APPROVAL}, then {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}.
   */
  public static final SearchAttributeKey<String> STATE = SearchAttributeKey.forKeyword("RunbookState");

  /** Every attribute the project uses; all are of type Keyword. */
  public static final List<SearchAttributeKey<String>> ALL = List.of(KIND, INSTANCE, TRIGGER, STATE);

  private RunbookSearchAttributes() {}
}
