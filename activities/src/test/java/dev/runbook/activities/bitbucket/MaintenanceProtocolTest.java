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

  /** A lock taken as a worker would before dying: Bitbucket gave the token, the backup did not start yet. */
  private String lockByHand() throws Exception {
    var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(sim.baseUrl() + "/mvc/maintenance/lock"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("ops:pw".getBytes()))
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("unlockToken").asText();
  }

  @Test
  void theUnlockTokenIsRecordedAsAHeartbeatTheMomentBitbucketGivesIt() {
    java.util.List<MaintenanceLock> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(MaintenanceLock.class, beats::add);
    MaintenanceLock lock = bb.lock(new BitbucketRequest("prod"));
    // The SDK sends an attempt's first heartbeat at once (later ones are throttled): it is the unlock token,
    // before the backup start's call, so a worker that dies in that call leaves the token behind.
    assertThat(beats).isNotEmpty();
    assertThat(beats.get(0).unlockToken()).isEqualTo(lock.unlockToken());
    assertThat(beats.get(0).cancelToken()).isNull();
  }

  @Test
  void aRetryGoesOnWithTheLockItsDeadAttemptTookAndUnlockingThenReleasesBitbucket() throws Exception {
    String taken = lockByHand();
    env.setHeartbeatDetails(new MaintenanceLock(taken, null));

    MaintenanceLock lock = bb.lock(new BitbucketRequest("prod"));

    assertThat(lock.unlockToken()).isEqualTo(taken);
    assertThat(sim.maintenance().events()).containsExactly("lock", "backup");
    bb.unlock(MaintenanceRequest.of("prod", lock));
    assertThat(sim.maintenance().locked()).isFalse();
  }

  @Test
  void aRetryWhoseRecordedLockIsNoLongerHeldTakesANewOne() {
    env.setHeartbeatDetails(new MaintenanceLock("released-meanwhile", null));

    MaintenanceLock lock = bb.lock(new BitbucketRequest("prod"));

    assertThat(lock.unlockToken()).isNotEqualTo("released-meanwhile");
    assertThat(sim.maintenance().events()).containsExactly("lock", "backup");
    bb.unlock(MaintenanceRequest.of("prod", lock));
    assertThat(sim.maintenance().locked()).isFalse();
  }
}
