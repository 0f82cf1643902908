package dev.runbook.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.TaskQueues;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunLauncherTest {
  @Test
  void aRunStartedFromTheCliSaysWhatItIsInTheTemporalUi() {
    WorkflowOptions o = RunLauncher.startOptions("backup-prod-1", "backup", "prod", RunLauncher.OWN_DEADLINE, "alice");

    assertThat(o.getStaticSummary()).isEqualTo("backup of prod (cli)");
    assertThat(o.getStaticDetails()).contains("requested by: alice");
    assertThat(o.getTaskQueue()).isEqualTo(TaskQueues.CONTROL);
    assertThat(o.getTypedSearchAttributes().get(RunbookSearchAttributes.INSTANCE)).isEqualTo("prod");
    assertThat(o.getTypedSearchAttributes().get(RunbookSearchAttributes.TRIGGER)).isEqualTo("cli");
    // A backup keeps its deadline itself: a server-side timeout would end it without unlocking or undoing.
    assertThat(o.getWorkflowExecutionTimeout()).isNull();
  }

  @Test
  void aRunOverEveryHostHasNoInstance() {
    WorkflowOptions o = RunLauncher.startOptions("hosts-1", "hosts", null, Duration.ofMinutes(5), "alice");

    assertThat(o.getStaticSummary()).isEqualTo("hosts (cli)");
    assertThat(o.getWorkflowExecutionTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.getTypedSearchAttributes().containsKey(RunbookSearchAttributes.INSTANCE)).isFalse();
  }
}
