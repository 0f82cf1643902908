package dev.runbook.workflows.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.RestoreOptions;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerifyWorkflowTest {
  static final String POINT = "prod-20261121T030000Z";

  private TestWorkflowEnvironment env;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final HomeActivities home = mock(HomeActivities.class, withSettings().withoutAnnotations());
  private final DatabaseActivities db = mock(DatabaseActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestEnvironments.withSearchAttributes();
    io.temporal.worker.Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(VerifyWorkflowImpl.class);
    control.registerActivitiesImplementations(catalog, config);
    env.newWorker(TaskQueues.host("files")).registerActivitiesImplementations(home, db);
    when(config.resolveInstance(any())).thenReturn(new ResolvedInstance("prod", "http://bb", BackupMode.ZERO_DOWNTIME,
        List.of(new ResolvedInstance.NodeView("node1", "node1")),
        List.of(new HostView("files", HostMode.AGENT, TaskQueues.host("files"), List.of("home", "database"))),
        "btrfs", "postgresql", 7, "files", "files", Duration.ofMinutes(10),
        new RestoreOptions(true, Duration.ofHours(4), false, false, Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(24)), true, Duration.ofHours(24)));
    catalog.seed(POINT, "prod", Instant.parse("2026-11-21T03:00:00Z"), List.of(
        new Artifact("home:/srv/shared", Artifact.HOME, "btrfs", "files", "/srv/.snapshots/" + POINT, null, 1),
        new Artifact("db", Artifact.DATABASE, "postgresql", "files", "/backups/" + POINT + "/db", 100L, 1)));
    when(db.restoreScratchDatabase(any())).thenReturn(new ScratchDatabase("bitbucket_verify_x",
        Map.of("project", 2L, "repository", 3L), List.of()));
    when(home.cloneHomeToScratch(any())).thenReturn(new ScratchHome(List.of("/srv/.snapshots/" + POINT + ".verify_x")));
    when(home.checkScratchRepositories(any())).thenReturn(new RepositoryCheck(3,
        List.of("shared/data/repositories/1", "shared/data/repositories/2"), List.of()));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private VerifyResult run() {
    env.start();
    VerifyWorkflow w = env.getWorkflowClient().newWorkflowStub(VerifyWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId("v1").build());
    return w.verify(new VerifyInput("prod", null, Trigger.CLI, "alice"));
  }

  @Test
  void aGoodPointIsVerifiedRecordedAndItsScratchCopiesDeleted() {
    VerifyResult r = run();

    assertThat(r.verified()).isTrue();
    assertThat(r.point()).isEqualTo(POINT);
    assertThat(r.rowCounts()).containsEntry("repository", 3L);
    Verification v = catalog.verifications.values().iterator().next();
    assertThat(v.outcome()).isEqualTo(Verification.VERIFIED);
    assertThat(v.repositories()).hasSize(2);
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(RunStatus.SUCCEEDED));
    verify(db).dropScratchDatabase(any());
    verify(home).deleteHomeScratch(any());
    // Every scratch step names the same run-unique label, so the cleanup deletes exactly what was made.
    verify(db).restoreScratchDatabase(org.mockito.ArgumentMatchers.argThat(q -> ScratchRequest.isScratchName(q.scratchName())
        && q.artifacts().size() == 1 && Artifact.DATABASE.equals(q.artifacts().get(0).kind())));
  }

  @Test
  void aFailedFsckOrEmptyTableIsNotVerifiedAndTheScratchCopiesStillGo() {
    when(db.restoreScratchDatabase(any())).thenReturn(new ScratchDatabase("bitbucket_verify_x",
        Map.of("project", 0L, "repository", 3L), List.of("sta_pull_request")));
    when(home.checkScratchRepositories(any())).thenReturn(new RepositoryCheck(3, List.of("shared/data/repositories/2"),
        List.of("shared/data/repositories/2: missing blob 1234")));

    VerifyResult r = run();

    assertThat(r.verified()).isFalse();
    assertThat(r.problems()).containsExactly("table sta_pull_request is missing", "table project has no rows",
        "git fsck failed: shared/data/repositories/2: missing blob 1234");
    assertThat(catalog.verifications.values().iterator().next().outcome()).isEqualTo(Verification.FAILED);
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(RunStatus.FAILED));
    verify(db).dropScratchDatabase(any());
    verify(home).deleteHomeScratch(any());
  }

  @Test
  void aProviderWithoutScratchCopiesFailsClearlyAndCleansUp() {
    when(db.restoreScratchDatabase(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "restoring into a scratch database for restore verification is not supported yet for database provider 'rds'",
        FailureTypes.NOT_IMPLEMENTED));

    VerifyResult r = run();

    assertThat(r.verified()).isFalse();
    assertThat(r.problems()).first().asString().startsWith("database restore did not finish: ")
        .contains("not supported yet for database provider 'rds'");
    verify(db).dropScratchDatabase(any());
    verify(home).deleteHomeScratch(any());
  }

  @Test
  void aPointBeingDeletedIsRefusedBeforeAnythingIsMade() {
    catalog.restorePoint(dev.runbook.workflows.catalog.RestorePointChange.deleted(POINT, "prod", Instant.now(), "retention"));
    catalog.seed("prod-20261120T030000Z", "prod", Instant.parse("2026-11-20T03:00:00Z"), List.of());
    env.start();
    VerifyWorkflow w = env.getWorkflowClient().newWorkflowStub(VerifyWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId("v2").build());

    assertThatThrownBy(() -> w.verify(new VerifyInput("prod", POINT, Trigger.CLI, "alice")))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.describe(e)).contains("is DELETED"));
    verify(db, never()).restoreScratchDatabase(any());
    verify(home, never()).cloneHomeToScratch(any());
    assertThat(catalog.verifications).isEmpty();
  }
}
