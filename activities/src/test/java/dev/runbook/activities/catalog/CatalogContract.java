package dev.runbook.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.catalog.StepEnded;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import dev.runbook.workflows.run.Trigger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog's behaviour, run against every supported database by its subclasses. */
abstract class CatalogContract {
  static final Instant T0 = Instant.parse("2026-11-21T03:00:00Z");

  /** A fresh, empty catalog location for one test. */
  abstract CatalogLocation freshLocation();

  Secrets secrets() {
    return new Secrets(Map.of());
  }

  Catalog open() {
    return Catalog.open(freshLocation(), secrets());
  }

  static RunStarted started(String id, String instance, String runbook, Instant at) {
    return new RunStarted(id, runbook + "-" + instance + "-wf", runbook, instance, Trigger.CLI, "alice",
        "{\"instance\":\"" + instance + "\"}", at);
  }

  @Test
  void migratesEveryTableAndReopensWithoutChange() throws Exception {
    CatalogLocation where = freshLocation();
    Catalog catalog = Catalog.open(where, secrets());
    assertThat(catalog.schemaVersion()).isEqualTo("11");
    try (Connection c = catalog.connect()) {
      for (String table : new String[] {"runs", "steps", "approvals", "restore_points", "artifacts", "instance_leases", "cancel_requests",
          "maintenance_locks", "verifications"}) {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
          assertThat(rs.next()).as(table).isTrue();
          assertThat(rs.getInt(1)).as(table).isZero();
        }
      }
    }
    catalog.runStarted(started("run-1", "prod", "check", T0));
    Catalog again = Catalog.open(where, secrets());
    assertThat(again.schemaVersion()).isEqualTo("11");
    assertThat(again.run("run-1")).isPresent();
  }

  @Test
  void recordsARunWithItsStepsAndOutcome() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(started("3f2a9c1b-0000-4000-8000-000000000001", "prod", "check", T0));
    StepView s1 = new StepView(1, "resolve configuration", null, T0, T0.plusMillis(40), StepOutcome.OK, "http://bb");
    StepView s2 = new StepView(2, "ping host files", "files", T0.plusMillis(40), T0.plusSeconds(5), StepOutcome.FAILED,
        "timed out (schedule-to-start)");
    String id = "3f2a9c1b-0000-4000-8000-000000000001";
    catalog.stepEnded(new StepEnded(id, s2));
    catalog.stepEnded(new StepEnded(id, s1));
    catalog.stepEnded(new StepEnded(id, s1)); // a retried activity records the same step again
    catalog.runFinished(new RunFinished(id, RunStatus.FAILED, "unhealthy: host files", T0.plusSeconds(5)));

    RunRecord run = catalog.run("3f2a9c1b").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.summary()).isEqualTo("unhealthy: host files");
    assertThat(run.trigger()).isEqualTo("cli");
    assertThat(run.requestedBy()).isEqualTo("alice");
    assertThat(run.duration(Instant.now()).toSeconds()).isEqualTo(5);
    assertThat(catalog.steps(id)).containsExactly(s1, s2);
    assertThat(catalog.run("check-prod-wf")).map(RunRecord::id).contains(id);
  }

  @Test
  void keepsEveryCancelRequestOfARunInOrder() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(started("r1", "prod", "backup", T0));
    catalog.cancelRequested(new CancelRequest("r1", "bob", "wrong instance", T0.plusSeconds(2)));
    catalog.cancelRequested(new CancelRequest("r1", "alice", "still going", T0.plusSeconds(9)));
    assertThat(catalog.cancelRequests("r1")).extracting(CancelRequest::requestedBy).containsExactly("bob", "alice");
    assertThat(catalog.cancelRequests("r1").get(0).reason()).isEqualTo("wrong instance");
    assertThat(catalog.cancelRequests("other")).isEmpty();
  }

  @Test
  void recordingAStartTwiceKeepsOneRow() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(started("r1", "prod", "check", T0));
    catalog.runStarted(started("r1", "prod", "check", T0));
    assertThat(catalog.runs(new RunQuery(null, null, 10))).hasSize(1);
  }

  @Test
  void listsNewestFirstWithFilters() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(started("a", "prod", "check", T0));
    catalog.runStarted(started("b", "staging", "check", T0.plusSeconds(1)));
    catalog.runStarted(started("c", "prod", "backup", T0.plusSeconds(2)));
    assertThat(catalog.runs(new RunQuery(null, null, 10))).extracting(RunRecord::id).containsExactly("c", "b", "a");
    assertThat(catalog.runs(new RunQuery("prod", null, 10))).extracting(RunRecord::id).containsExactly("c", "a");
    assertThat(catalog.runs(new RunQuery(null, "check", 10))).extracting(RunRecord::id).containsExactly("b", "a");
    assertThat(catalog.runs(new RunQuery(null, null, 2))).extracting(RunRecord::id).containsExactly("c", "b");
  }

  @Test
  void anAmbiguousPrefixNamesTheCandidates() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(started("ab12", "prod", "check", T0));
    catalog.runStarted(started("ab34", "prod", "check", T0));
    assertThatThrownBy(() -> catalog.run("ab")).hasMessageContaining("matches several runs").hasMessageContaining("ab12");
    assertThat(catalog.run("ab3")).map(RunRecord::id).contains("ab34");
    assertThat(catalog.run("zz")).isEmpty();
    assertThat(catalog.run("a%")).isEmpty();
  }

  static dev.runbook.workflows.home.Artifact artifact(String name, String kind, String location) {
    return new dev.runbook.workflows.home.Artifact(name, kind, "btrfs", "files", location, 4096L, 12);
  }

  @Test
  void restorePointsAreRecordedThroughTheirLifeForExactlyOneInstance() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(started("r1", "bitbucket", "backup", T0));
    for (String instance : new String[] {"bitbucket", "bitbucket-staging"}) {
      String id = instance + "-20261121T030000Z";
      catalog.restorePoint(RestorePointChange.started(id, instance, "r1", T0));
      catalog.restorePoint(RestorePointChange.started(id, instance, "r1", T0)); // retried: no change
      catalog.restorePoint(new RestorePointChange(id, instance, RestorePointStatus.COMPLETE, T0.plusSeconds(30), null,
          java.util.List.of(artifact("home:/srv", dev.runbook.workflows.home.Artifact.HOME, "/srv/.snapshots/" + id),
              artifact("db", dev.runbook.workflows.home.Artifact.DATABASE, "/backups/" + id + "/db")),
          T0.plusMillis(100), T0.plusMillis(115), T0.plusMillis(100), T0.plusMillis(140), null));
    }
    catalog.restorePoint(RestorePointChange.started("bitbucket-20261122T030000Z", "bitbucket", "r1", T0.plusSeconds(86400)));
    catalog.restorePoint(RestorePointChange.failed("bitbucket-20261122T030000Z", "bitbucket", T0.plusSeconds(86401), "disk full"));

    var mine = catalog.restorePoints(new RestorePointQuery("bitbucket", java.util.List.of()));
    assertThat(mine).extracting(RestorePointView::id).containsExactly("bitbucket-20261122T030000Z", "bitbucket-20261121T030000Z");
    RestorePointView complete = mine.get(1);
    assertThat(complete.status()).isEqualTo(RestorePointStatus.COMPLETE);
    assertThat(complete.freezeMs()).isEqualTo(15);
    assertThat(complete.skewMs()).isEqualTo(40);
    assertThat(complete.dumpBytes()).isEqualTo(4096);
    assertThat(complete.artifacts()).extracting(dev.runbook.workflows.home.Artifact::location)
        .containsExactly("/backups/bitbucket-20261121T030000Z/db", "/srv/.snapshots/bitbucket-20261121T030000Z");
    assertThat(mine.get(0).detail()).isEqualTo("disk full");
    assertThat(catalog.restorePoints(new RestorePointQuery("bitbucket", java.util.List.of(RestorePointStatus.COMPLETE))))
        .extracting(RestorePointView::id).containsExactly("bitbucket-20261121T030000Z");

    catalog.restorePoint(RestorePointChange.deleted("bitbucket-20261121T030000Z", "bitbucket", T0.plusSeconds(99), "retention"));
    assertThat(catalog.restorePoints(new RestorePointQuery("bitbucket", java.util.List.of(RestorePointStatus.DELETED))))
        .singleElement().satisfies(v -> assertThat(v.artifacts()).isEmpty());
    assertThat(catalog.restorePoints(new RestorePointQuery("bitbucket-staging", java.util.List.of())))
        .singleElement().satisfies(v -> {
          assertThat(v.status()).isEqualTo(RestorePointStatus.COMPLETE);
          assertThat(v.artifacts()).hasSize(2);
        });
  }

  @Test
  void oneRunHoldsAnInstanceUntilItReleasesOrIsNoLongerRunning() throws Exception {
    Catalog catalog = open();
    InstanceLease backup = new InstanceLease("prod", "run-1", "backup-prod-1", "backup");
    InstanceLease restore = new InstanceLease("prod", "run-2", "restore-prod-1", "restore");
    assertThat(catalog.acquire(backup, RunLiveness.ASSUME_RUNNING)).isEmpty();
    assertThat(catalog.acquire(backup, RunLiveness.ASSUME_RUNNING)).as("the holder again").isEmpty();
    assertThat(catalog.acquire(restore, RunLiveness.ASSUME_RUNNING)).hasValueSatisfying(busy ->
        assertThat(busy).startsWith("instance prod is busy: backup run run-1 (workflow backup-prod-1) holds it since "));
    assertThat(catalog.acquire(new InstanceLease("staging", "run-2", "w", "restore"), RunLiveness.ASSUME_RUNNING))
        .as("another instance").isEmpty();
    catalog.release(restore); // not the holder: nothing happens
    assertThat(catalog.acquire(restore, RunLiveness.ASSUME_RUNNING)).isPresent();
    assertThat(catalog.acquire(restore, (workflowId, runId) -> !runId.equals("run-1")))
        .as("the holder's run is closed: taken over").isEmpty();
    catalog.release(restore);
    assertThat(catalog.acquire(backup, RunLiveness.ASSUME_RUNNING)).isEmpty();
  }

  @Test
  void whatEndedRunsLeftIsListedForTheSweep() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(started("run-1", "prod", "backup", T0));
    catalog.runStarted(started("run-2", "prod", "check", T0.plusSeconds(1)));
    catalog.runFinished(new RunFinished("run-2", RunStatus.SUCCEEDED, "healthy", T0.plusSeconds(2)));
    catalog.restorePoint(RestorePointChange.started("prod-20261121T030000Z", "prod", "run-1", T0));
    catalog.acquire(new InstanceLease("prod", "run-1", "backup-prod-wf", "backup"), RunLiveness.ASSUME_RUNNING);
    catalog.lockTaken(new HeldLock("prod", "run-1", "backup-prod-wf", "token-1", T0));

    assertThat(catalog.runningRuns()).extracting(RunRecord::id).containsExactly("run-1");
    assertThat(catalog.creatingRestorePoints()).containsExactly(
        new CreatingRestorePoint("prod-20261121T030000Z", "prod", "run-1", "backup-prod-wf"));
    assertThat(catalog.leases()).containsExactly(new InstanceLease("prod", "run-1", "backup-prod-wf", "backup"));
    assertThat(catalog.heldLocks()).singleElement().satisfies(l -> {
      assertThat(l.unlockToken()).isEqualTo("token-1");
      assertThat(l.toString()).doesNotContain("token-1");
    });

    catalog.lockReleased("prod", "token-of-another-session");
    assertThat(catalog.heldLocks()).hasSize(1);
    catalog.lockReleased("prod", "token-1");
    assertThat(catalog.heldLocks()).isEmpty();

    assertThat(catalog.closeRunning("run-2", RunStatus.FAILED, "closed by sweep", T0.plusSeconds(3)))
        .as("a run that recorded its outcome keeps it").isFalse();
    assertThat(catalog.run("run-2").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(catalog.closeRunning("run-1", RunStatus.FAILED, "closed by sweep", T0.plusSeconds(3))).isTrue();
    assertThat(catalog.run("run-1").orElseThrow().summary()).isEqualTo("closed by sweep");
    assertThat(catalog.runningRuns()).isEmpty();
  }

  @Test
  void secretLookingParametersAreNotStored() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(new RunStarted("r1", "wf", "check", "prod", Trigger.MANUAL, null,
        "{\"instance\":\"prod\",\"options\":{\"dbPassword\":\"Hunter2-Sup3rSecret\"},\"apiToken\":\"tok-123456\"}", T0));
    String stored = catalog.run("r1").orElseThrow().parameters();
    assertThat(stored).contains("\"instance\":\"prod\"", "\"dbPassword\":\"***\"", "\"apiToken\":\"***\"")
        .doesNotContain("Hunter2", "tok-123456");
  }

  @Test
  void aVerificationHoldsACompletePointWhileItsRunIsOpenAndKeepsItsEvidence() throws Exception {
    Catalog catalog = open();
    catalog.runStarted(started("r1", "prod", "backup", T0));
    String id = "prod-20261121T030000Z";
    catalog.restorePoint(RestorePointChange.started(id, "prod", "r1", T0));
    var running = new dev.runbook.workflows.verify.Verification("v1", "verify-prod", id, "prod", T0, null,
        dev.runbook.workflows.verify.Verification.RUNNING, null, null, null);
    assertThat(catalog.beginVerification(running)).hasValueSatisfying(why -> assertThat(why).contains("is CREATING"));
    catalog.restorePoint(new RestorePointChange(id, "prod", RestorePointStatus.COMPLETE, T0.plusSeconds(30), null,
        java.util.List.of(), null, null, T0, T0, null));

    assertThat(catalog.beginVerification(running)).isEmpty();
    assertThat(catalog.beginVerification(running)).as("again, by the same run").isEmpty();
    assertThat(catalog.verificationHeld(id, RunLiveness.ASSUME_RUNNING)).isTrue();
    assertThat(catalog.verificationHeld(id, (w, r) -> false)).as("a run that is no longer open holds nothing").isFalse();
    assertThat(catalog.verificationHeld("prod-20261120T030000Z", RunLiveness.ASSUME_RUNNING)).isFalse();

    catalog.endVerification(new dev.runbook.workflows.verify.Verification("v1", "verify-prod", id, "prod", T0,
        T0.plusSeconds(60), dev.runbook.workflows.verify.Verification.FAILED, Map.of("repository", 3L, "project", 0L),
        java.util.List.of("shared/data/repositories/1"), "table project has no rows"));
    assertThat(catalog.verificationHeld(id, RunLiveness.ASSUME_RUNNING)).isFalse();
    assertThat(catalog.verifications("prod")).singleElement().satisfies(v -> {
      assertThat(v.outcome()).isEqualTo("FAILED");
      assertThat(v.endedAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(v.rowCounts()).isEqualTo(Map.of("project", 0L, "repository", 3L));
      assertThat(v.repositories()).containsExactly("shared/data/repositories/1");
      assertThat(v.detail()).isEqualTo("table project has no rows");
    });

    assertThat(catalog.restorePointRecords("prod")).singleElement().satisfies(p -> assertThat(p.verification()).isNull());
    catalog.endVerification(new dev.runbook.workflows.verify.Verification("v3", "verify-prod-3", id, "prod", T0,
        T0.plusSeconds(120), dev.runbook.workflows.verify.Verification.VERIFIED, Map.of("repository", 3L), java.util.List.of(), "ok"));
    assertThat(catalog.restorePointRecords("prod")).singleElement().satisfies(p -> {
      assertThat(p.verification().runId()).isEqualTo("v3");
      assertThat(p.verification().at()).isEqualTo(T0.plusSeconds(120));
    });

    catalog.restorePoint(RestorePointChange.deleted(id, "prod", T0.plusSeconds(99), "retention"));
    assertThat(catalog.beginVerification(new dev.runbook.workflows.verify.Verification("v2", "verify-prod-2", id, "prod",
        T0, null, "RUNNING", null, null, null))).hasValueSatisfying(why -> assertThat(why).contains("is DELETED"));
  }
}
