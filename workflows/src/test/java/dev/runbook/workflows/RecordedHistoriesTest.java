package dev.runbook.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.metadata.POJOWorkflowImplMetadata;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void everyWorkflowTypeHasARecordedHistory(Class<?> implementation) throws Exception {
    String type = POJOWorkflowImplMetadata.newInstance(implementation).getWorkflowMethods().get(0).getName();
    assertThat(histories()).as("a history of " + type + " recorded on the real server").contains(type + ".json");
  }

  /** Every file, also those kept for an older version of a workflow ({@code <Type>-<version>.json}). */
  @ParameterizedTest
  @MethodSource("histories")
  void everyRecordedHistoryReplays(String file) throws Exception {
    String json = new String(RecordedHistoriesTest.class.getClassLoader().getResourceAsStream("histories/" + file)
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    WorkflowReplayer.replayWorkflowExecutions(List.of(io.temporal.common.WorkflowExecutionHistory.fromJson(json)), true,
        Runbooks.implementations());
  }

  static List<String> histories() throws Exception {
    Path dir = Path.of(RecordedHistoriesTest.class.getClassLoader().getResource("histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
  }
}
