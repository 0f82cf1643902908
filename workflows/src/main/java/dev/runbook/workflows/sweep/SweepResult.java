package dev.runbook.workflows.sweep;

import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * What a sweep found and did.
 *
 * @param apply whether kept-aside copies past their time were deleted
 * @param items one per thing found, in the order handled
 * @param steps the run's steps
 */
public record SweepResult(boolean apply, List<SweepItem> items, List<StepView> steps) implements dev.runbook.workflows.run.RunResult {
  public SweepResult {
    items = items == null ? List.of() : List.copyOf(items);
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** How many items are still there after the sweep. */
  public long leftCount() {
    return items.stream().filter(SweepItem::left).count();
  }
}
