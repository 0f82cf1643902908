package dev.runbook.workflows.internal;

import dev.runbook.workflows.run.Decision;

/**
 * The part every approvable runbook implementation shares: the approval gate behind the
 * {@code approve} and {@code reject} updates.
 * Workflow code.
 */
public abstract class GatedRunbook extends RecordedRunbook {
  /** The second-person approval of this run. */
  protected final ApprovalGate gate;

  /**
   * @param kind the runbook kind, for the progress of a run that has not begun
   * @param noun the run in messages, for example {@code restore}
   */
  protected GatedRunbook(String kind, String noun) {
    super(kind);
    this.gate = new ApprovalGate(kind, noun);
  }

  public boolean awaitingApproval() {
    return gate.awaiting();
  }

  public String approve(Decision decision) {
    return gate.approve(decision);
  }

  public void validateApprove(Decision decision) {
    gate.validateApprove(decision);
  }

  public String reject(Decision decision) {
    return gate.reject(decision);
  }

  public void validateReject(Decision decision) {
    gate.validate(decision);
  }
}
