package dev.runbook.workflows.internal;

import dev.runbook.workflows.run.RunProgress;
import dev.runbook.workflows.run.RunStatus;
import java.util.List;

/** The part every runbook implementation shares: its recorder, behind the {@code progress} query. Workflow code. */
public abstract class RecordedRunbook {
  /** Records the run; null until the workflow method has begun. */
  protected RunRecorder recorder;
  private final String kind;

  /** @param kind the runbook kind, for the progress of a run that has not begun */
  protected RecordedRunbook(String kind) {
    this.kind = kind;
  }

  public RunProgress progress() {
    return recorder == null ? new RunProgress(kind, null, RunStatus.RUNNING, null, List.of()) : recorder.progress();
  }
}
