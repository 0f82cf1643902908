package dev.runbook.workflows.verify;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.internal.Attempt;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.PointChoice;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.RunStatus;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Implementation of {@link VerifyWorkflow}; see docs/runbooks/verify.md. It takes no lease on the
 * instance, since it changes nothing of production; its hold on the restore point keeps retention
 * from deleting the point under it.
 */
public class VerifyWorkflowImpl extends RecordedRunbook implements VerifyWorkflow {
  public VerifyWorkflowImpl() {
    super(KIND);
  }

  private final ConfigActivities config = ControlSteps.config();
  private final CatalogActivities catalog = ControlSteps.catalog();

  @Override
  public VerifyResult verify(VerifyInput input) {
    recorder = RunRecorder.begin(KIND, input.instance(), input.requestedBy(), input);
    return recorder.guard(() -> {
      if (input.instance() == null || input.instance().isBlank()) {
        throw ApplicationFailure.newNonRetryableFailure("the input names no instance; start it with "
            + "{\"instance\":\"NAME\",\"point\":\"latest\"}", FailureTypes.INVALID_INPUT);
      }
      ResolvedInstance instance = recorder.step("resolve configuration", null,
          () -> config.resolveInstance(new ResolveInstanceRequest(input.instance())),
          i -> "home " + i.homeProvider() + " on " + i.homeHost() + ", database " + i.databaseProvider() + " on "
              + i.databaseHost());
      RestorePointView point = recorder.step("choose restore point " + input.point(), null,
          () -> PointChoice.choose(catalog, instance.name(), input.point(), "verified"), p -> p.id() + " (" + p.artifacts().size() + " artifacts)");
      String runId = Workflow.getInfo().getRunId();
      Instant started = now();
      recorder.step("hold restore point " + point.id(), null, () -> {
        catalog.beginVerification(new Verification(runId, Workflow.getInfo().getWorkflowId(), point.id(), instance.name(), started, null,
            Verification.RUNNING, null, null, null));
        return point.id();
      }, id -> "retention keeps " + id + " until this run ends");
      String scratch = ScratchRequest.labelOf(runId);
      ScratchChecks checks = new ScratchChecks(recorder, instance, point, scratch);
      try {
        checks.run();
      } finally {
        // Detached: the scratch copies go and the hold ends also when the run is cancelled.
        Workflow.newDetachedCancellationScope(() -> {
          checks.cleanUp();
          recordOutcome(checks, runId, point, instance.name(), started);
        }).run();
      }
      String summary = checks.verified()
          ? "verified " + point.id() + ": " + describe(checks.rowCounts()) + "; " + checks.repositories().size()
              + " repositories passed git fsck"
          : "NOT verified " + point.id() + ": " + String.join("; ", checks.problems());
      recorder.finish(checks.verified() ? RunStatus.SUCCEEDED : RunStatus.FAILED, summary);
      return new VerifyResult(instance.name(), point.id(), checks.verified(), checks.rowCounts(), checks.repositories(),
          checks.problems(), recorder.steps());
    });
  }

  private void recordOutcome(ScratchChecks checks, String runId, RestorePointView point, String instance, Instant started) {
    String outcome = checks.verified() ? Verification.VERIFIED : Verification.FAILED;
    String detail = checks.verified() ? "restore finished; " + describe(checks.rowCounts()) + "; "
        + checks.repositories().size() + " repositories passed git fsck --connectivity-only"
        : String.join("; ", checks.problems());
    recorder.attempt("record " + outcome.toLowerCase(java.util.Locale.ROOT) + " on " + point.id(), null, () -> {
      catalog.endVerification(new Verification(runId, Workflow.getInfo().getWorkflowId(), point.id(), instance, started, now(), outcome,
          checks.rowCounts(), checks.repositories(), detail));
      return outcome;
    }, o -> o);
  }

  static String describe(Map<String, Long> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((t, n) -> parts.add(t + " " + n));
    return parts.isEmpty() ? "no tables counted" : "rows: " + String.join(", ", parts);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** The scratch copies and the checks on them, and their cleanup. Workflow code. */
  private static final class ScratchChecks {
    private final RunRecorder recorder;
    private final ResolvedInstance instance;
    private final ScratchRequest home;
    private final ScratchRequest db;
    private final List<String> problems = new ArrayList<>();
    private Map<String, Long> rowCounts = Map.of();
    private List<String> repositories = List.of();
    private boolean dbMade;
    private boolean homeMade;

    ScratchChecks(RunRecorder recorder, ResolvedInstance instance, RestorePointView point, String scratch) {
      this.recorder = recorder;
      this.instance = instance;
      this.home = new ScratchRequest(instance.homeHost(), instance.name(), point.id(),
          point.artifacts().stream().filter(a -> Artifact.HOME.equals(a.kind())).toList(), scratch);
      this.db = new ScratchRequest(instance.databaseHost(), instance.name(), point.id(),
          point.artifacts().stream().filter(a -> Artifact.DATABASE.equals(a.kind())).toList(), scratch);
    }

    void run() {
      DatabaseActivities dbSteps = HostSteps.on(DatabaseActivities.class, instance.host(db.host()), HostSteps.RESTORE);
      HomeActivities homeSteps = HostSteps.on(HomeActivities.class, instance.host(home.host()), HostSteps.RESTORE);
      dbMade = true; // from the first attempt on, something may exist to drop
      Attempt<ScratchDatabase> restored = recorder.attempt("restore dump into scratch database", db.host(),
          () -> dbSteps.restoreScratchDatabase(db), d -> d.name() + "; " + describe(d.rowCounts())
              + (d.missingTables().isEmpty() ? "" : "; missing tables: " + String.join(", ", d.missingTables())));
      if (!restored.ok()) {
        problems.add("database restore did not finish: " + restored.error());
      } else {
        rowCounts = restored.value().rowCounts();
        restored.value().missingTables().forEach(t -> problems.add("table " + t + " is missing"));
        rowCounts.forEach((t, n) -> {
          if (n == 0) {
            problems.add("table " + t + " has no rows");
          }
        });
      }
      homeMade = true;
      Attempt<ScratchHome> cloned = recorder.attempt("clone home snapshot into scratch", home.host(),
          () -> homeSteps.cloneHomeToScratch(home), h -> String.join(", ", h.paths()));
      if (!cloned.ok()) {
        problems.add("home restore did not finish: " + cloned.error());
        return;
      }
      Attempt<RepositoryCheck> fsck = recorder.attempt("git fsck a sample of repositories", home.host(),
          () -> homeSteps.checkScratchRepositories(home), c -> c.checked().size() + " of " + c.found() + " checked"
              + (c.failed().isEmpty() ? ", all passed" : ", " + c.failed().size() + " failed: " + String.join("; ", c.failed())));
      if (!fsck.ok()) {
        problems.add("repositories could not be checked: " + fsck.error());
        return;
      }
      repositories = fsck.value().checked();
      if (fsck.value().found() == 0) {
        problems.add("the home holds no repositories to check");
      }
      fsck.value().failed().forEach(f -> problems.add("git fsck failed: " + f));
    }

    void cleanUp() {
      if (dbMade) {
        DatabaseActivities drop = HostSteps.on(DatabaseActivities.class, instance.host(db.host()), HostSteps.DELETE);
        Attempt<String> a = recorder.attempt("drop scratch database", db.host(), () -> {
          drop.dropScratchDatabase(db);
          return db.scratchName();
        }, n -> "dropped");
        if (!a.ok()) {
          problems.add("scratch database not dropped: " + a.error());
        }
      }
      if (homeMade) {
        HomeActivities delete = HostSteps.on(HomeActivities.class, instance.host(home.host()), HostSteps.DELETE);
        Attempt<String> a = recorder.attempt("delete scratch home", home.host(), () -> {
          delete.deleteHomeScratch(home);
          return home.scratchName();
        }, n -> "deleted");
        if (!a.ok()) {
          problems.add("scratch home not deleted: " + a.error());
        }
      }
    }

    boolean verified() {
      return problems.isEmpty();
    }

    List<String> problems() {
      return List.copyOf(problems);
    }

    Map<String, Long> rowCounts() {
      return rowCounts;
    }

    List<String> repositories() {
      return repositories;
    }
  }
}
