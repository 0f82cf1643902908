package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.workflows.run.RunIds;
import dev.runbook.workflows.run.RunStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `runbook follow` and `runbook cancel` on any run: a slow backup started by the CLI is followed by its
 * short id from another command, cancelled while its snapshot runs, cleans up and frees its instance.
 */
class FollowCancelEndToEndTest {
  static CommandHomeScenario scenario;

  @BeforeAll
  static void start() throws Exception {
    scenario = CommandHomeScenario.start("");
  }

  @AfterAll
  static void stop() throws Exception {
    if (scenario != null) {
      scenario.close();
    }
  }

  @Test
  void aCancelledBackupCleansUpIsRecordedAndFreesItsInstance() throws Exception {
    scenario.slow(60);
    CompletableFuture<Cli> backup = CompletableFuture.supplyAsync(() -> scenario.runbook("backup", "--instance", "prod"));
    SchedulesEndToEndTest.await("the slow snapshot started", Duration.ofSeconds(60),
        () -> Files.exists(scenario.dir.resolve("slow-started")));
    RunRecord running = scenario.backups().get(0);
    String shortId = RunIds.shortId(running.id());
    CompletableFuture<Cli> follow = CompletableFuture.supplyAsync(() -> scenario.runbook("follow", shortId));

    Cli cancel = scenario.runbook("cancel", shortId, "--reason", "wrong maintenance window", "--as", "bob");
    assertThat(cancel.exit()).as(cancel.all()).isZero();
    assertThat(cancel.out()).contains("cancel requested for backup of prod (cli), run " + running.id() + ", by bob");

    Cli followed = follow.get(60, TimeUnit.SECONDS);
    assertThat(followed.exit()).as(followed.all()).isEqualTo(1);
    assertThat(followed.out()).contains("following backup of prod (cli): run " + running.id())
        .containsPattern("ok\\s+claim instance prod").contains("run " + shortId + ": CANCELLED");
    assertThat(backup.get(60, TimeUnit.SECONDS).exit()).isEqualTo(1);
    assertThat(scenario.catalog().run(running.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    Cli show = Cli.run("show", shortId, "-c", scenario.config.toString());
    assertThat(show.out()).contains("status     CANCELLED").containsPattern("cancel     requested by bob at .*: wrong maintenance window");

    // The lease was released in the clean-up: the next backup of the instance runs, and can be followed after the fact.
    scenario.slow(0);
    Cli next = scenario.runbook("backup", "--instance", "prod");
    assertThat(next.exit()).as(next.all()).isZero();
    String nextId = RunIds.shortId(scenario.backups().get(0).id());
    Cli replay = scenario.runbook("follow", nextId);
    assertThat(replay.exit()).as(replay.all()).isZero();
    assertThat(replay.out()).contains("run " + nextId + ": SUCCEEDED");

    Cli ended = scenario.runbook("cancel", shortId, "--reason", "again");
    assertThat(ended.exit()).as(ended.all()).isEqualTo(3);
    assertThat(ended.err()).contains("run " + shortId + " already ended (CANCELED); nothing to cancel");
    Cli unknown = scenario.runbook("cancel", "zzzzzzzz", "--reason", "typo");
    assertThat(unknown.exit()).as(unknown.all()).isEqualTo(2);
    assertThat(unknown.err()).contains("no run 'zzzzzzzz'");
    assertThat(scenario.runbook("follow", "zzzzzzzz").exit()).isEqualTo(2);
  }
}
