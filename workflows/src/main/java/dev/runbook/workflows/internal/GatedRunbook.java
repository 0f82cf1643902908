package dev.runbook.workflows.internal;

import dev.runbook.workflows.run.Decision;
import dev.runbook.workflows.run.RunProgress;
import dev.runbook.workflows.run.RunStatus;
import java.util.List;

/**
 * The part every approvable runbook implementation shares: the approval gate behind the
 * {@code approve} and {@code reject} updates, and the run's recorder behind the {@code progress} query.
 * Workflow code.
 */
public abstract class GatedRunbook {
  /** The second-person approval of this run. */
  protected final ApprovalGate gate;
  /** Records the run; null until the workflow method has begun. */
  protected RunRecorder recorder;
  private final String kind;

  /**
   * @param kind the runbook kind, for the progress of a run that has not begun
   * @param noun the run in messages, for example {@code restore}
   */
  protected GatedRunbook(String kind, String noun) {
    this.kind = kind;
    this.gate = new ApprovalGate(noun);
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

  public RunProgress progress() {
    return recorder == null ? new RunProgress(kind, null, RunStatus.RUNNING, null, List.of()) : recorder.progress();
  }
}
