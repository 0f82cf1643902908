package dev.runbook.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testkit.LoopFilesystems;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The freeze watchdog when the agent dies mid-freeze: `kill -9` of the file server's agent JVM while
 * the snapshot script runs inside the freeze ({@link FrozenHomeScenario}).
 */
class FreezeWatchdogEndToEndTest {
  static FrozenHomeScenario scenario;
  static RunbookProcess agent;

  @BeforeAll
  static void start() throws Exception {
    String why = LoopFilesystems.unavailableBecause();
    assumeTrue(why == null, "freeze watchdog test skipped: " + why);
    scenario = FrozenHomeScenario.start(3);
    agent = RunbookProcess.agent(scenario.config, "files", scenario.target());
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(agent, scenario);
  }

  @Test
  void killingTheAgentWhileFrozenLeavesTheHomeFrozenNoLongerThanMaxFreeze() throws Exception {
    CompletableFuture<Cli> backup = scenario.backup();
    long frozenAtNanos = scenario.awaitInsideFreeze(backup);

    agent.kill();

    // The watchdog, a separate process, thaws the home although the agent that froze it is gone.
    scenario.assertThawedInTimeWithoutOrphans(frozenAtNanos);

    // The agent comes back; the step, silent since the kill, is retried and completes the backup.
    agent = RunbookProcess.agent(scenario.config, "files", scenario.target());
    scenario.assertRestorePoint(backup);
  }
}
