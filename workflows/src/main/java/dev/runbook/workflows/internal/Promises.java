package dev.runbook.workflows.internal;

import io.temporal.workflow.Promise;
import java.util.List;

/** Waiting for parallel steps in workflow code. */
public final class Promises {
  private Promises() {}

  /** Waits for every promise, then rethrows the first failure: nothing is undone while a sibling still works. */
  public static void waitAll(List<? extends Promise<?>> promises) {
    RuntimeException first = null;
    for (Promise<?> p : promises) {
      try {
        p.get();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
