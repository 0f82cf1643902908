package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.activities.host.WatchdogCgroup;
import dev.runbook.testkit.Cgroup;
import dev.runbook.testkit.LoopFilesystems;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The freeze watchdog when the agent's whole systemd unit goes mid-freeze. systemd is not needed: the
 * agent JVM runs in a cgroup of its own, as in a unit's, and {@code cgroup.kill} ends every process
 * in it at once, as stopping or restarting the unit does under {@code KillMode=control-group}.
 */
class FreezeWatchdogCgroupEndToEndTest {
  static final String ID = "runbook-test-" + UUID.randomUUID();
  static FrozenHomeScenario scenario;
  Cgroup unit;
  Cgroup watchdogs;
  RunbookProcess agent;

  @BeforeAll
  static void start() throws Exception {
    String why = LoopFilesystems.unavailableBecause();
    why = why != null ? why : Cgroup.unavailableBecause();
    assumeTrue(why == null, "cgroup watchdog test skipped: " + why);
    scenario = FrozenHomeScenario.start(3);
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(scenario);
  }

  @BeforeEach
  void cgroups() throws Exception {
    unit = Cgroup.named(ID + "-unit").create();
    // Not created here: the agent creates it when missing.
    watchdogs = Cgroup.named(ID + "-watchdogs");
    scenario.rearm();
  }

  @AfterEach
  void removeCgroups() throws Exception {
    TestStacks.closeAll(agent, unit, watchdogs);
  }

  @Test
  void killingTheAgentsWholeCgroupWhileFrozenLeavesTheHomeFrozenNoLongerThanMaxFreeze() throws Exception {
    Map<String, String> escape = Map.of(WatchdogCgroup.VARIABLE, watchdogs.path().toString());
    agent = RunbookProcess.agent(scenario.config, "files", scenario.target(), unit.path(), escape);
    assertThat(agent.output()).contains("thaw watchdogs move to cgroup " + watchdogs.path());
    CompletableFuture<Cli> backup = scenario.backup();
    long frozenAtNanos = scenario.awaitInsideFreeze(backup);
    assertThat(watchdogs.pids()).as("the watchdog, outside the agent's cgroup").isNotEmpty();

    unit.kill();

    scenario.assertThawedInTimeWithoutOrphans(frozenAtNanos);

    agent = RunbookProcess.agent(scenario.config, "files", scenario.target(), unit.path(), escape);
    scenario.assertRestorePoint(backup);
  }

  @Test
  void withoutTheEscapeTheSameKillLeavesTheHomeFrozenUntilTheAgentStartsAgainAndThawsIt() throws Exception {
    // Empty: no watchdog cgroup, whatever the environment of this build says.
    agent = RunbookProcess.agent(scenario.config, "files", scenario.target(), unit.path(),
        Map.of(WatchdogCgroup.VARIABLE, ""));
    CompletableFuture<Cli> backup = scenario.backup();
    long frozenAtNanos = scenario.awaitInsideFreeze(backup);

    unit.kill();

    assertThat(scenario.millisUntilWritable(frozenAtNanos, (scenario.maxFreezeSeconds + 3) * 1000L))
        .as("the watchdog died with the agent's cgroup: nothing thaws the home").isNegative();
    agent = RunbookProcess.agent(scenario.config, "files", scenario.target(), unit.path(),
        Map.of(WatchdogCgroup.VARIABLE, ""));
    assertThat(agent.output()).containsPattern("thawed " + java.util.regex.Pattern.quote(scenario.home.toString()) + " \\(prod-\\S+\\), left frozen by an earlier process");
    assertThat(LoopFilesystems.writable(scenario.home, 5000)).as("the restarted agent thawed the home").isTrue();
    scenario.assertRestorePoint(backup);
  }
}
