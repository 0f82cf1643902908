package dev.runbook.activities.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.MaintenanceLock;
import dev.runbook.workflows.bitbucket.MaintenanceRequest;
import dev.runbook.workflows.run.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The maintenance-lock protocol of a locked-mode backup, against the simulator. */
class MaintenanceProtocolTest {
  @TempDir
  Path dir;
  private BitbucketSimulator sim;
  private TestActivityEnvironment env;
  private BitbucketActivities bb;

  @BeforeEach
  void setUp() throws Exception {
    sim = BitbucketSimulator.builder().admin("ops", "pw").start();
    Files.writeString(dir.resolve("runbook.yaml"), """
        hosts: [{name: files}]
        instances:
          - name: prod
            mode: locked
            bitbucket: {baseUrl: '%s', username: ops, password: env:BB_PW}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [/srv/a], snapshot: {provider: rsync, target: /srv/copies}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /tmp}
        """.formatted(sim.baseUrl()));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new BitbucketActivitiesImpl(new ConfigSource(dir.resolve("runbook.yaml")),
        new Secrets(Map.of("BB_PW", "pw"))));
    bb = env.newActivityStub(BitbucketActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    sim.close();
  }

  @Test
  void lockDrainProgressUnlock() {
    MaintenanceLock lock = bb.lock(new BitbucketRequest("prod"));
    assertThat(lock.toString()).doesNotContain(lock.unlockToken());
    assertThat(bb.status(new BitbucketRequest("prod")).state()).isEqualTo("MAINTENANCE");

    bb.awaitDrained(new MaintenanceRequest("prod", lock, 0, Duration.ofSeconds(30)));
    bb.progress(new MaintenanceRequest("prod", lock, 50, null));
    bb.unlock(MaintenanceRequest.of("prod", lock));
    bb.unlock(MaintenanceRequest.of("prod", lock)); // releasing a released lock succeeds

    assertThat(sim.maintenance().events()).containsExactly("lock", "backup", "drained", "unlock");
    assertThat(sim.maintenance().progress()).containsExactly(50);
    assertThat(bb.status(new BitbucketRequest("prod")).state()).isEqualTo("RUNNING");
  }

  @Test
  void aRefusedLockIsNotRetryable() {
    sim.maintenance().refuseLock(true);
    assertThatThrownBy(() -> bb.lock(new BitbucketRequest("prod")))
        .satisfies(t -> assertThat(Failures.type(t)).isEqualTo(FailureTypes.BITBUCKET_STATE))
        .satisfies(t -> assertThat(Failures.describe(t)).startsWith("Bitbucket refused the maintenance lock (HTTP 409: "));
  }

  @Test
  void aDrainThatHangsGivesUpAtItsTimeoutWithTheStates() {
    sim.maintenance().drainHangs(true);
    MaintenanceLock lock = bb.lock(new BitbucketRequest("prod"));
    assertThatThrownBy(() -> bb.awaitDrained(new MaintenanceRequest("prod", lock, 0, Duration.ofSeconds(2))))
        .satisfies(t -> assertThat(Failures.type(t)).isEqualTo(FailureTypes.BITBUCKET_STATE))
        .satisfies(t -> assertThat(Failures.describe(t)).isEqualTo(
            "Bitbucket did not drain within 2 s (database DRAINING, repositories DRAINED)"));
    bb.unlock(MaintenanceRequest.of("prod", lock));
    assertThat(sim.maintenance().locked()).isFalse();
  }

  @Test
  void aBackupTaskThatFailsWhileDrainingStopsTheWait() {
    MaintenanceLock lock = bb.lock(new BitbucketRequest("prod"));
    sim.maintenance().pollsUntilDrained(100);
    sim.maintenance().failTask(true);
    assertThatThrownBy(() -> bb.awaitDrained(new MaintenanceRequest("prod", lock, 0, Duration.ofSeconds(30))))
        .satisfies(t -> assertThat(Failures.describe(t)).startsWith("Bitbucket's backup task is FAILED while draining"));
  }
}
