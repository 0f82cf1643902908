package dev.runbook.workflows.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.workflows.mirror.MirrorInspection.FarmNode;
import dev.runbook.workflows.mirror.MirrorInspection.PendingRequest;
import dev.runbook.workflows.mirror.MirrorInspection.PrimaryRecord;
import dev.runbook.workflows.mirror.MirrorInspection.SyncProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorDiagnosisTest {
  static final Duration STALE = Duration.ofMinutes(15);

  static MirrorInspection look(String state, PrimaryRecord record, List<PendingRequest> pending, SyncProgress progress,
                               List<FarmNode> nodes) {
    return new MirrorInspection("eu", "http://eu", null, "9.2.0", state, "ID", null, record, pending, 0, progress, nodes,
        Instant.EPOCH, List.of());
  }

  static PrimaryRecord seen(long secondsAgo) {
    return new PrimaryRecord("ID", "eu", "http://eu", true, Instant.EPOCH, secondsAgo, "SINGLE");
  }

  @Test
  void theStagingIncidentIsRemovedWithItsEvidenceFirst() {
    MirrorDiagnosis d = MirrorDiagnosis.of(look("REMOVED", seen(47 * 60), List.of(), new SyncProgress(false, 12, 12),
        List.of()), STALE, 1);
    assertThat(d.condition()).isEqualTo(MirrorCondition.REMOVED);
    assertThat(d.findings()).containsExactly("mirror upstream state REMOVED", "primary lastSeenDate 47 min ago",
        "synchronized 12 of 12 repositories");
    assertThat(d.healthy()).isFalse();
  }

  @Test
  void aWaitingRequestIsPending() {
    MirrorDiagnosis d = MirrorDiagnosis.of(look("PENDING", null, List.of(new PendingRequest(3, "ID", "eu", "http://eu",
        "PENDING")), null, List.of()), STALE, 1);
    assertThat(d.condition()).isEqualTo(MirrorCondition.PENDING);
    assertThat(d.findings()).contains("primary has no record of mirror ID", "request 3 from this mirror PENDING on the primary");
  }

  @Test
  void anInstalledMirrorBehindIsSynchronizingAndOneMissingAFarmNodeIsNodeDown() {
    assertThat(MirrorDiagnosis.of(look("INSTALLED", seen(5), List.of(), new SyncProgress(true, 0, 12), List.of()), STALE, 1)
        .findings()).contains("synchronized 0 of 12 repositories (discovering)");
    MirrorDiagnosis farm = MirrorDiagnosis.of(look("INSTALLED", seen(5), List.of(), new SyncProgress(false, 12, 12),
        List.of(new FarmNode("1", "n1", "127.0.0.1:1", "9.2.0"))), STALE, 2);
    assertThat(farm.condition()).isEqualTo(MirrorCondition.NODE_DOWN);
    assertThat(farm.findings()).contains("mirror lists 1 farm node(s), 2 configured");
  }

  @Test
  void healthyMeansInstalledSeenRecentlyAndComplete() {
    MirrorDiagnosis d = MirrorDiagnosis.of(look("INSTALLED", seen(40), List.of(), new SyncProgress(false, 12, 12),
        List.of()), STALE, 1);
    assertThat(d.healthy()).isTrue();
    assertThat(d.evidence()).isEqualTo("mirror upstream state INSTALLED; primary lastSeenDate 40 s ago; "
        + "synchronized 12 of 12 repositories");
  }

  @Test
  void aDisabledRecordIsStaleEvenWhenSeen() {
    PrimaryRecord disabled = new PrimaryRecord("ID", "eu", "http://eu", false, Instant.EPOCH, 5, "SINGLE");
    assertThat(MirrorDiagnosis.of(look("INSTALLED", disabled, List.of(), new SyncProgress(false, 1, 1), List.of()), STALE, 1)
        .condition()).isEqualTo(MirrorCondition.STALE);
  }

  @Test
  void aRecordForAnotherUrlIsStale() {
    PrimaryRecord elsewhere = new PrimaryRecord("ID", "eu", "http://other", true, Instant.EPOCH, 5, "SINGLE");
    MirrorDiagnosis d = MirrorDiagnosis.of(look("INSTALLED", elsewhere, List.of(), new SyncProgress(false, 1, 1), List.of()),
        STALE, 1);
    assertThat(d.condition()).isEqualTo(MirrorCondition.STALE);
    assertThat(d.findings()).contains("primary record ID is for http://other, not http://eu");
  }

  @Test
  void aNodeThatDoesNotAnswerAtItsOwnUrlIsNodeDown() {
    MirrorInspection i = new MirrorInspection("eu", "http://eu", null, "9.2.0", "INSTALLED", "ID", null, seen(5), List.of(), 0,
        new SyncProgress(false, 12, 12), List.of(), Instant.EPOCH, List.of(
            new MirrorInspection.NodeCheck("m1", "http://m1", "RUNNING", "INSTALLED", null),
            new MirrorInspection.NodeCheck("m2", "http://m2", null, null, "http://m2/status: connection refused")));
    MirrorDiagnosis d = MirrorDiagnosis.of(i, STALE, 2);
    assertThat(d.condition()).isEqualTo(MirrorCondition.NODE_DOWN);
    assertThat(d.findings()).contains("node m2 (http://m2) unreachable: http://m2/status: connection refused",
        "node m1 (http://m1) RUNNING, upstream INSTALLED");
  }
}
