package dev.runbook.workflows;

import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.catalog.StepEnded;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A catalog that keeps what workflows record in memory, for workflow tests. */
public final class RecordingCatalog implements CatalogActivities {
  public final List<RunStarted> started = new CopyOnWriteArrayList<>();
  public final List<StepEnded> steps = new CopyOnWriteArrayList<>();
  public final List<RunFinished> finished = new CopyOnWriteArrayList<>();

  @Override
  public void runStarted(RunStarted run) {
    started.add(run);
  }

  @Override
  public void stepEnded(StepEnded step) {
    steps.add(step);
  }

  @Override
  public void runFinished(RunFinished run) {
    finished.add(run);
  }
}
