package dev.runbook.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;

/** The Temporal test server as the workflow tests need it. */
public final class TestEnvironments {
  private TestEnvironments() {}

  /** A test environment with the runbook search attributes registered, as the worker registers them at start. */
  public static TestWorkflowEnvironment withSearchAttributes() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    for (var key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return env;
  }
}
