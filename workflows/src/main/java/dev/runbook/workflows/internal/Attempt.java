package dev.runbook.workflows.internal;

/** The outcome of a step that may fail without failing the run: a value, or the failure and its one-line reason. */
public record Attempt<T>(T value, RuntimeException failure, String error) {
  public boolean ok() {
    return failure == null;
  }
}
