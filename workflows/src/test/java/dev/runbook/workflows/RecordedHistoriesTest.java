package dev.runbook.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.metadata.POJOWorkflowImplMetadata;
import io.temporal.testing.WorkflowReplayer;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays, for every workflow type, a history recorded on Temporal's real server by the end-to-end
 * tests: a change that would break runs in flight (non-determinism) fails here. A run can wait hours
 * for approval, so a worker upgraded under it must replay its history. To record anew after an
 * intended, versioned change: {@code mvn -pl cli -am verify -Dtest='*EndToEndTest'
 * -Dsurefire.failIfNoSpecifiedTests=false -Drunbook.recordHistories=true} (see docs/operations.md).
 */
class RecordedHistoriesTest {
  static Stream<Class<?>> implementations() {
    return Runbooks.WORKFLOW_IMPLEMENTATIONS.stream();
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void theRecordedHistoryOfEveryWorkflowTypeReplays(Class<?> implementation) throws Exception {
    String type = POJOWorkflowImplMetadata.newInstance(implementation).getWorkflowMethods().get(0).getName();
    String resource = "histories/" + type + ".json";
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("a history of " + type + " recorded on the real server, " + resource).isNotNull();
    }
    WorkflowReplayer.replayWorkflowExecutionFromResource(resource, implementation);
  }
}
