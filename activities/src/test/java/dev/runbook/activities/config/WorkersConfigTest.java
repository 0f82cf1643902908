package dev.runbook.activities.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code workers:} section: its defaults, what it changes, and its problems with YAML path and line. */
class WorkersConfigTest {
  private static RunbookConfig parse(String workers) {
    return ConfigLoader.parse(Path.of("runbook.yaml"), workers + ConfigLoaderTest.VALID, Optional.empty());
  }

  private static List<String> problems(String workers) {
    try {
      parse(workers);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  @Test
  void withoutTheSectionEveryDefaultApplies() {
    WorkersConfig w = parse("").workers();
    assertThat(w.control().workflowCacheSize()).isEqualTo(WorkersConfig.Control.DEFAULT_WORKFLOW_CACHE_SIZE);
    assertThat(w.control().maxWorkflowThreads()).isEqualTo(WorkersConfig.Control.DEFAULT_MAX_WORKFLOW_THREADS);
    assertThat(w.control().maxConcurrentActivities()).isEqualTo(WorkersConfig.Control.DEFAULT_MAX_CONCURRENT_ACTIVITIES);
    assertThat(w.agent().maxConcurrentActivities()).isEqualTo(WorkersConfig.Agent.DEFAULT_MAX_CONCURRENT_ACTIVITIES);
    assertThat(w.agent().activityPollers()).isEqualTo(WorkersConfig.Agent.DEFAULT_ACTIVITY_POLLERS);
  }

  @Test
  void givenKeysReplaceTheirDefaultsOnly() {
    WorkersConfig w = parse("workers:\n  control: {workflowCacheSize: 100, maxWorkflowThreads: 300}\n"
        + "  agent: {maxConcurrentActivities: 8}\n").workers();
    assertThat(w.control().workflowCacheSize()).isEqualTo(100);
    assertThat(w.control().maxWorkflowThreads()).isEqualTo(300);
    assertThat(w.control().workflowPollers()).isEqualTo(WorkersConfig.Control.DEFAULT_WORKFLOW_POLLERS);
    assertThat(w.agent().maxConcurrentActivities()).isEqualTo(8);
    assertThat(w.agent().activityPollers()).isEqualTo(WorkersConfig.Agent.DEFAULT_ACTIVITY_POLLERS);
  }

  @Test
  void countsTheSdkWouldRefuseOrNeverUseAreProblemsWithTheirLine() {
    assertThat(problems("""
        workers:
          control:
            workflowCacheSize: 500
            maxWorkflowThreads: 400
            workflowPollers: 1
            maxConcurrentActivities: 0
          agent:
            activityPollers: 0
        """)).containsExactlyInAnyOrder(
        "workers.control.workflowPollers: must be between 2 and 10000 (line 5)",
        "workers.control.maxConcurrentActivities: must be between 1 and 10000 (line 6)",
        "workers.agent.activityPollers: must be between 1 and 10000 (line 8)");
    assertThat(problems("""
        workers:
          control: {workflowCacheSize: 500, maxWorkflowThreads: 400}
          agent:
            activityPollers: 9
            maxConcurrentActivities: 4
        """)).containsExactlyInAnyOrder(
        "workers.control.maxWorkflowThreads: must be at least workers.control.workflowCacheSize (500): every cached run "
            + "holds a thread (line 2)",
        "workers.agent.activityPollers: must be at most workers.agent.maxConcurrentActivities (4): a poll takes an "
            + "activity slot (line 4)");
    assertThat(problems("workers:\n  agent: {pollers: 3}\n")).singleElement().asString()
        .startsWith("workers.agent.pollers:");
  }

  @Test
  void aBusyHostIsWaitedForThreeMinutesUnlessSaidOtherwise() {
    assertThat(parse("").workers().control().busyHostWait()).isEqualTo(java.time.Duration.ofMinutes(3));
    assertThat(parse("workers:\n  control: {busyHostWait: 10m}\n").workers().control().busyHostWait())
        .isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(parse("workers:\n  control: {busyHostWait: 0s}\n").workers().control().busyHostWait()).isZero();
    assertThat(problems("workers:\n  control:\n    busyHostWait: 2h\n")).containsExactly(
        "workers.control.busyHostWait: must be between 0s and 1h (0s: a step not picked up in time fails its run) (line 3)");
  }
}
