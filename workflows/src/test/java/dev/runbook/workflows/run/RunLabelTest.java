package dev.runbook.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunLabelTest {
  @Test
  void theSummaryNamesTheRunbookItsSubjectAndItsTrigger() {
    assertThat(new RunLabel("backup", "prod", Trigger.CLI).summary()).isEqualTo("backup of prod (cli)");
    assertThat(new RunLabel("mirror-recovery", "eu", Trigger.INCIDENT).summary())
        .isEqualTo("mirror-recovery of eu (incident)");
  }

  @Test
  void aRunbookOverEveryHostHasNoSubject() {
    assertThat(new RunLabel("hosts", null, Trigger.SCHEDULE).summary()).isEqualTo("hosts (schedule)");
    assertThat(new RunLabel("mirror-check", " ", Trigger.MANUAL).summary()).isEqualTo("mirror-check (manual)");
  }

  @Test
  void theDetailsSayWhoAskedAndHowToFollow() {
    assertThat(new RunLabel("restore", "prod", Trigger.CLI).details("alice")).isEqualTo("""
        runbook: restore
        on: prod
        trigger: cli
        requested by: alice
        steps: the progress query, or runbook show RUN""");
    assertThat(new RunLabel("hosts", null, Trigger.MANUAL).details(null)).doesNotContain("on:")
        .contains("requested by: unknown");
  }
}
