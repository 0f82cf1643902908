package dev.runbook.activities.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.MirrorSimulator;
import dev.runbook.testkit.PrimaryMirroring.MirrorRequest;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.mirror.AcceptCall;
import dev.runbook.workflows.mirror.MirrorActivities;
import dev.runbook.workflows.mirror.MirrorCall;
import dev.runbook.workflows.mirror.MirrorCondition;
import dev.runbook.workflows.mirror.MirrorDiagnosis;
import dev.runbook.workflows.mirror.MirrorInspection;
import dev.runbook.workflows.mirror.SyncWaitCall;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror activities against the mirroring simulator over real HTTP: each change looks first. */
class MirrorActivitiesImplTest {
  @TempDir
  Path dir;
  private BitbucketSimulator primary;
  private MirrorSimulator mirror;
  private TestActivityEnvironment env;
  private MirrorActivities activities;

  @BeforeEach
  void setUp() throws Exception {
    primary = BitbucketSimulator.builder().admin("admin", "primary-pw").start();
    mirror = MirrorSimulator.builder(primary).name("eu").version("9.2.0").admin("admin", "mirror-pw")
        .syncInterval(Duration.ofMillis(20)).installDelay(Duration.ofMillis(100)).start();
    Path file = dir.resolve("runbook.yaml");
    Files.writeString(file, """
        hosts: [{name: files, mode: local}]
        instances:
          - name: prod
            bitbucket: {baseUrl: '%s', username: admin, password: env:PRIMARY_PW}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /srv/backups}
        mirrors:
          - {name: eu, primary: prod, baseUrl: '%s', username: admin, password: env:MIRROR_PW}
        """.formatted(primary.baseUrl(), mirror.baseUrl()));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new MirrorActivitiesImpl(new ConfigSource(file),
        new Secrets(Map.of("PRIMARY_PW", "primary-pw", "MIRROR_PW", "mirror-pw"))));
    activities = env.newActivityStub(MirrorActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    mirror.close();
    primary.close();
  }

  private static String type(Throwable t) {
    return ((ApplicationFailure) ((ActivityFailure) t).getCause()).getType();
  }

  @Test
  void aHealthyMirrorsRecordIsNeverDeleted() {
    var removal = activities.removeStaleRecord(new MirrorCall("eu", null));
    assertThat(removal.removed()).isFalse();
    assertThat(removal.detail()).contains("upstream state is INSTALLED");
    assertThat(primary.mirroring().server(mirror.id())).isPresent();
    assertThat(primary.mirroring().deletes(mirror.id())).isZero();
  }

  @Test
  void noReconnectWhileTheStaleRecordIsThere() {
    mirror.playStagingDeletion();
    assertThatThrownBy(() -> activities.requestAuthorization(new MirrorCall("eu", null)))
        .satisfies(t -> assertThat(type(t)).isEqualTo(FailureTypes.MIRROR_STATE))
        .rootCause().hasMessageContaining("still holds record " + mirror.id());
    assertThat(mirror.reconnects()).isZero();
  }

  @Test
  void eachStepLooksFirstSoRepeatingItChangesNothingMore() {
    mirror.playStagingDeletion();
    var first = activities.removeStaleRecord(new MirrorCall("eu", null));
    assertThat(first.removed()).isTrue();
    assertThat(first.mirrorId()).isEqualTo(mirror.id());
    var again = activities.removeStaleRecord(new MirrorCall("eu", mirror.id()));
    assertThat(again.removed()).isFalse();
    assertThat(primary.mirroring().deletes(mirror.id())).isEqualTo(1);

    var sent = activities.requestAuthorization(new MirrorCall("eu", mirror.id()));
    assertThat(sent.sent()).isTrue();
    var waiting = activities.requestAuthorization(new MirrorCall("eu", mirror.id()));
    assertThat(waiting.sent()).isFalse();
    assertThat(waiting.requestId()).isEqualTo(sent.requestId());
    assertThat(mirror.reconnects()).isEqualTo(1);

    assertThat(activities.acceptRequest(new AcceptCall("eu", mirror.id(), sent.requestId())).accepted()).isTrue();
    var twice = activities.acceptRequest(new AcceptCall("eu", mirror.id(), sent.requestId()));
    assertThat(twice.accepted()).isFalse();
    assertThat(twice.detail()).contains("already accepted");
    assertThat(primary.mirroring().accepts(mirror.id())).isEqualTo(1);

    var wait = activities.awaitSynchronized(new SyncWaitCall("eu", Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofMillis(50)));
    assertThat(wait.healthy()).as(wait.detail()).isTrue();
    assertThat(wait.detail()).isEqualTo("INSTALLED, synchronized 12 of 12 repositories");
  }

  @Test
  void anotherMirrorsRequestIsNeverAccepted() {
    MirrorRequest other = primary.mirroring().addPendingRequest("OTHR-1111-2222-3333", "other", "http://127.0.0.1:9/other");
    assertThatThrownBy(() -> activities.acceptRequest(new AcceptCall("eu", mirror.id(), other.id())))
        .satisfies(t -> assertThat(type(t)).isEqualTo(FailureTypes.MIRROR_MISMATCH))
        .rootCause().hasMessageContaining("is from mirror other").hasMessageContaining("left alone");
    assertThat(primary.mirroring().requests()).filteredOn(r -> r.id() == other.id())
        .singleElement().extracting(MirrorRequest::state).isEqualTo("PENDING");
  }

  @Test
  void anOldLastSeenDateIsStaleEvidence() {
    primary.mirroring().ageLastSeen(mirror.id(), Duration.ofMinutes(47));
    MirrorInspection look = activities.inspect(new MirrorCall("eu", null));
    MirrorDiagnosis d = MirrorDiagnosis.of(look, Duration.ofMinutes(15), 0);
    assertThat(d.condition()).isEqualTo(MirrorCondition.STALE);
    assertThat(d.findings()).contains("primary lastSeenDate 47 min ago");
  }

  @Test
  void anUnreachableMirrorIsEvidenceAndThePrimaryIsStillRead() {
    mirror.setNodeListening(0, false);
    MirrorInspection look = activities.inspect(new MirrorCall("eu", null));
    assertThat(look.mirrorError()).isNotNull();
    assertThat(look.record()).isNotNull();
    assertThat(MirrorDiagnosis.of(look, Duration.ofMinutes(15), 0).condition()).isEqualTo(MirrorCondition.UNREACHABLE);
  }

  @Test
  void aRemovedMirrorSendsANewRequestInsteadOfTakingALeftOverOne() {
    mirror.playStagingDeletion();
    activities.removeStaleRecord(new MirrorCall("eu", null));
    MirrorRequest leftover = primary.mirroring().addPendingRequest(mirror.id(), "eu", mirror.baseUrl().toString());
    var sent = activities.requestAuthorization(new MirrorCall("eu", mirror.id()));
    assertThat(sent.sent()).isTrue();
    assertThat(sent.requestId()).isGreaterThan(leftover.id());
    assertThat(mirror.reconnects()).isEqualTo(1);
    // A newer request from another mirror does not change which one is this mirror's.
    primary.mirroring().addPendingRequest("OTHR-1111-2222-3333", "other", "http://127.0.0.1:9/other");
    var accepted = activities.acceptRequest(new AcceptCall("eu", mirror.id(), null));
    assertThat(accepted.requestId()).isEqualTo(sent.requestId());
    assertThat(primary.mirroring().requests()).filteredOn(r -> r.mirrorId().equals("OTHR-1111-2222-3333"))
        .singleElement().extracting(MirrorRequest::state).isEqualTo("PENDING");
  }

  @Test
  void anIdCopiedFromAnotherMirrorNeverDeletesThatMirrorsRecord() throws Exception {
    try (MirrorSimulator other = MirrorSimulator.builder(primary).name("other").admin("admin", "mirror-pw").start()) {
      Files.writeString(dir.resolve("runbook.yaml"), Files.readString(dir.resolve("runbook.yaml"))
          .replace("password: env:MIRROR_PW}", "password: env:MIRROR_PW, mirrorId: " + other.id() + "}"));
      mirror.playStagingDeletion();
      assertThatThrownBy(() -> activities.removeStaleRecord(new MirrorCall("eu", null)))
          .satisfies(t -> assertThat(type(t)).isEqualTo(FailureTypes.MIRROR_MISMATCH))
          .rootCause().hasMessageContaining("is for " + other.baseUrl()).hasMessageContaining("nothing was deleted");
      assertThat(primary.mirroring().server(other.id())).isPresent();
      assertThat(other.upstreamState()).isEqualTo("INSTALLED");
    }
  }
}
